package io.tagpulse.contracts;

import java.time.Instant;
import java.util.List;

/**
 * The top tags of one event-time window, by trend score. Keyed by the window start (ISO-8601); a later record for
 * the same window replaces the earlier one (it ranks more partitions' results), so storing it is idempotent.
 *
 * @param windowStart inclusive start of the window
 * @param windowEnd exclusive end of the window
 * @param partitions how many counter partitions have contributed their partial ranking so far
 * @param tags the tags, best first, at most the configured top K
 */
public record TrendingTags(Instant windowStart, Instant windowEnd, int partitions, List<TagTrend> tags) {
}
