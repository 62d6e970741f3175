# A tap: hourly hashtag counts fed from the main stream's split output (hashtags.split), without touching the main
# stream. It has a Kafka Streams application id of its own (hourly-counter) and writes hour-long windows to the same
# database as the main stream (windows of different sizes are stored apart; the dashboard reads them with window=1h,
# the sink keeps them by tagpulse.sink.retention-by-window.1h). No hopping windows: the main stream stores those
# already. No trends either: they do not depend on the window size, and the main stream has them, so the counter
# judges no scope (an empty tagpulse.counter.trend.scopes) and the store runs only its counts function (not storeTrends,
# recordModeration or alertTrends, which would read hourly.trends and hourly.trend-moderation).
hourly = :hashtags.split > hourly-count: tagpulse-counter --tagpulse.counter.window-size=1h --tagpulse.counter.hop-size=0 --tagpulse.counter.trend.scopes='' | hourly-store: tagpulse-sink --spring.cloud.function.definition=storeCounts
