# The main pipeline: posts in over HTTP, hashtag counts per event-time window out to the database.
# Labels name the topics under Data Flow: hashtags.ingest, hashtags.filter, hashtags.split, hashtags.count.
hashtags = ingest: tagpulse-source | filter: tagpulse-filter | split: tagpulse-processor | count: tagpulse-counter | store: tagpulse-sink
# The dashboard beside it: a tap on the counter's counts (hashtags.count), with the counter's rankings
# (hashtags.trending) as its second binding; it reads the database the store writes. Data Flow gives a tap's input the
# stream's name as consumer group; the dashboard drops it, so every instance reads every partition (deployer count N
# is N replicas that each serve any browser). Undeploying or redeploying it leaves the hashtags stream alone.
dashboard = :hashtags.count > dashboard: tagpulse-dashboard --spring.cloud.stream.bindings.trending.destination=hashtags.trending
