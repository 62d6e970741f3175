# A tap: hourly hashtag counts fed from the main stream's split output (hashtags.split), without touching the main
# stream. It has a Kafka Streams application id of its own (hourly-counter) and writes hour-long windows to the
# same database as the main stream (windows of different sizes are stored apart).
hourly = :hashtags.split > hourly-count: tagpulse-counter --tagpulse.counter.window-size=1h | hourly-store: tagpulse-sink
