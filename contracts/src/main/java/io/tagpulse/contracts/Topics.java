package io.tagpulse.contracts;

/**
 * Default topic names of the pipeline, used when the apps run outside Spring Cloud Data Flow. Under Data Flow the
 * topics are named {@code <stream>.<app label>} instead, through the {@code input}/{@code output} bindings.
 */
public final class Topics {

    /** Posts written by the source. */
    public static final String POSTS = "tagpulse.posts";

    /** Posts that passed the filter. */
    public static final String FILTERED_POSTS = "tagpulse.filtered-posts";

    /** One record per hashtag of each post, keyed by normalized tag. */
    public static final String HASHTAGS = "tagpulse.hashtags";

    /** Windowed counts per tag, keyed by tag. */
    public static final String HASHTAG_COUNTS = "tagpulse.hashtag-counts";

    /** Mentions that arrived after their window closed, with their lateness (LateMention), keyed by tag. */
    public static final String LATE_MENTIONS = "tagpulse.late-mentions";

    /**
     * Each trend of each scope as it stands (TrendUpdate), keyed by {@code <scope>|<tag>}, re-written at every
     * refresh while it lasts.
     */
    public static final String TRENDS = "tagpulse.trends";

    /** Moderators' decisions on what may trend (ModerationDecision), compacted, keyed by decision key. */
    public static final String TREND_MODERATION = "tagpulse.trend-moderation";

    /**
     * Each live source's position (Jetstream's cursor), compacted, keyed by the source's id: the source writes it
     * once Kafka has acknowledged every post up to it, and resumes after it wherever it starts again.
     */
    public static final String SOURCE_POSITIONS = "tagpulse.source-positions";

    /**
     * Where the replicas of each live source elect the one that reads it: one partition, no records; each live
     * source's replicas form a consumer group of their own on it, and the member holding the partition leads.
     */
    public static final String SOURCE_LEADERS = "tagpulse.source-leaders";

    /** Records an app could not read, with the reason in headers. */
    public static final String DEAD_LETTER = "tagpulse.dead-letter";

    private Topics() {
    }
}
