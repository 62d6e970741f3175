package io.tagpulse.counter.trend.groundtruth;

/**
 * One event planted in the ground truth's traffic, with the answer it must get.
 *
 * @param name what the report calls it
 * @param expectation whether it must trend (within {@code deadline}, in {@code scope}) or must never trend anywhere
 * @param tag its tag
 * @param scope the scope it must trend in ({@code global}, {@code language:ja}); for a one-language burst, the scope it
 *        must not trend in is {@code global}
 * @param start when its extra posts start (millis of event time)
 * @param end when they stop
 * @param deadline how long after {@code start} it must be in its scope's top 10
 * @param language the language of all its posts, or {@code null} for the background's mix
 * @param authors how many distinct authors write its extra posts
 * @param rate its extra posts per minute at full strength, given the firehose's posts per second
 * @param rampMillis how long it takes to reach full strength (0: at once)
 */
record PlantedEvent(String name, Expectation expectation, String tag, String scope, long start, long end,
        long deadline, String language, int authors, double rate, long rampMillis) {

    enum Expectation {
        /** Must enter the top 10 of {@code scope} within {@code deadline}, and enter and leave it at most once. */
        TRENDS,
        /** Must trend in its language within {@code deadline}, and never globally. */
        TRENDS_IN_LANGUAGE_ONLY,
        /** Must never be in any scope's top 10. */
        NEVER
    }

    static final long MINUTE = 60_000;

    /** A surge of the tag of {@code rank} to {@code multiple} times its background rate, by {@code authors} authors. */
    static PlantedEvent surge(double postsPerSecond, int rank, double multiple, long start, long length, long deadline,
            int authors) {
        return new PlantedEvent(String.format("%.0fx surge of rank %d", multiple, rank), Expectation.TRENDS,
                GroundTruthTraffic.tag(rank), "global", start, start + length, deadline, null, authors,
                (multiple - 1) * GroundTruthTraffic.perMinute(postsPerSecond, rank), 0);
    }

    /** A tag never seen before, {@code perMinute} posts a minute by {@code authors} authors. */
    static PlantedEvent newTag(String tag, double perMinute, long start, long length, long deadline, int authors) {
        return new PlantedEvent("new tag, " + authors + " authors", Expectation.TRENDS, tag, "global", start,
                start + length, deadline, null, authors, perMinute, 0);
    }

    /** One account posting a tag of its own {@code posts} times, evenly over {@code length}. */
    static PlantedEvent flood(String tag, int posts, long start, long length) {
        return new PlantedEvent("single-author flood, " + posts + " posts", Expectation.NEVER, tag, "global", start,
                start + length, 0, null, 1, posts * (double) MINUTE / length, 0);
    }

    /** The head tag rising by {@code fraction} of its rate over {@code ramp}, then holding there until the end. */
    static PlantedEvent slowRise(double postsPerSecond, double fraction, long start, long ramp, long length) {
        return new PlantedEvent(String.format("head tag +%.0f %% over %d min", fraction * 100, ramp / MINUTE),
                Expectation.NEVER, GroundTruthTraffic.tag(1), "global", start, start + length, 0, null, 2_000,
                fraction * GroundTruthTraffic.perMinute(postsPerSecond, 1), ramp);
    }

    /** The tag of {@code rank} surging to {@code multiple} times its rate in one language, by posts in it only. */
    static PlantedEvent languageBurst(double postsPerSecond, int rank, double multiple, String language, double share,
            long start, long length, long deadline, int authors) {
        return new PlantedEvent(String.format("%.0fx burst of rank %d in %s only", multiple, rank, language),
                Expectation.TRENDS_IN_LANGUAGE_ONLY, GroundTruthTraffic.tag(rank), "language:" + language, start,
                start + length, deadline, language, authors,
                (multiple - 1) * share * GroundTruthTraffic.perMinute(postsPerSecond, rank), 0);
    }

    /** @return its extra posts per minute at {@code t} */
    double extraPerMinute(long t) {
        if (t < start || t >= end) {
            return 0;
        }
        return rampMillis == 0 ? rate : rate * Math.min(1, (t - start) / (double) rampMillis);
    }

    /** @return the name of its author {@code i} */
    String author(int i) {
        return authors == 1 ? "flooder-" + tag : "fan-" + tag + "-" + i;
    }

    boolean mustTrend() {
        return expectation != Expectation.NEVER;
    }
}
