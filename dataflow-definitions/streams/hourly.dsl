# A tap: hourly hashtag counts fed from the main stream's split output (hashtags.split), without touching the main
# stream. It has a Kafka Streams application id of its own (hourly-counter) and writes hour-long windows, and their
# trending rankings, to the same database as the main stream (windows of different sizes are stored apart; the
# dashboard reads them with window=1h, the sink keeps them by tagpulse.sink.retention-by-window.1h). No hopping
# windows: the main stream stores those already.
hourly = :hashtags.split > hourly-count: tagpulse-counter --tagpulse.counter.window-size=1h --tagpulse.counter.hop-size=0 | hourly-store: tagpulse-sink
