# The main pipeline: posts in over HTTP, hashtag counts per event-time window out to the database.
# Labels name the topics under Data Flow: hashtags.ingest, hashtags.filter, hashtags.split, hashtags.count.
hashtags = ingest: tagpulse-source | filter: tagpulse-filter | split: tagpulse-processor | count: tagpulse-counter | store: tagpulse-sink
