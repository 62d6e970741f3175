# The main pipeline: posts in over HTTP, hashtag counts per event-time window out to the database.
# Labels name the topics under Data Flow: hashtags.ingest, hashtags.filter, hashtags.split, hashtags.count. The extra
# bindings Data Flow does not configure take their topics from the stream's name: the counter writes hashtags.trends
# (the trends, which the store stores and alerts on, each in a consumer group of its own) and hashtags.late-mentions,
# and reads hashtags.trend-moderation (moderation decisions, compacted), which the store records too.
hashtags = ingest: tagpulse-source | filter: tagpulse-filter | split: tagpulse-processor | count: tagpulse-counter | store: tagpulse-sink
# The dashboard beside it: a tap on the counter's counts (hashtags.count), with the counter's trends (hashtags.trends)
# as its second binding, and its moderators' decisions written to the topic the counter and the store read
# (hashtags.trend-moderation); it reads the database the store writes. Both extra bindings are named here: under this
# stream's name they would default to dashboard.trends and dashboard.trend-moderation. Data Flow gives a tap's input
# the stream's name as consumer group; the dashboard drops it, so every instance reads every partition (deployer count
# N is N replicas that each serve any browser). Undeploying or redeploying it leaves the hashtags stream alone.
dashboard = :hashtags.count > dashboard: tagpulse-dashboard --spring.cloud.stream.bindings.trends.destination=hashtags.trends --spring.cloud.stream.bindings.moderation.destination=hashtags.trend-moderation
