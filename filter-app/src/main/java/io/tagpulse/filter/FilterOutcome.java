package io.tagpulse.filter;

import java.util.Locale;

/** What the filter decided about a post: kept, or the rule that dropped it. */
public enum FilterOutcome {

    /** The post passes every rule and goes on. */
    ACCEPTED,
    /** Its language is not among those kept. */
    LANGUAGE,
    /** It is a repost (boost, retweet) of a post counted on its own. */
    REPOST,
    /** It has no hashtag. */
    NO_HASHTAGS,
    /** It has more hashtags than allowed: likely spam. */
    TOO_MANY_HASHTAGS,
    /** It carries a blocked hashtag. */
    BLOCKED_TAG,
    /** Tracked hashtags are set and it carries none of them. */
    NOT_TRACKED,
    /** The custom expression rule is false for it. */
    EXPRESSION;

    /** @return the name used as a metric tag value, e.g. {@code too_many_hashtags} */
    public String metricName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
