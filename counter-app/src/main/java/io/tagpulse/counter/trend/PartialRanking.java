package io.tagpulse.counter.trend;

import java.util.List;

import io.tagpulse.contracts.TagTrend;

/**
 * Phase one of the trending: the top tags of one window among the tags of one partition (Storm's intermediate
 * ranking). Tags are partitioned by key, so the global top K is the top K of the union of the partitions' top K.
 *
 * @param windowStart window start, epoch millis
 * @param windowEnd window end, epoch millis
 * @param partition the input partition (task) the ranking covers
 * @param tags at most top K tags of that partition, best first
 */
public record PartialRanking(long windowStart, long windowEnd, int partition, List<TagTrend> tags) {
}
