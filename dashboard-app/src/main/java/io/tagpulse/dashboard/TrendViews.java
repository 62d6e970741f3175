package io.tagpulse.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TrendScope;

/**
 * What the trends panel shows, from the trends and the counts: a scope's current trends each with its sparkline
 * (its tag's mentions per minute over the last minutes, all read in one query), and one trend's detail (its velocity
 * over its life and the trends of its related tags). The counts are the tag's in every scope: the table of counts
 * holds no language or platform.
 */
public class TrendViews {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final TrendQueries trends;

    private final QueryRepository counts;

    private final QueryRules rules;

    private final int sparklineMinutes;

    /**
     * @param rules the query rules: the velocity window, the longest range of a velocity query, the resolution
     * @param sparklineMinutes how many minutes a sparkline covers, ending with the scope's latest assessment
     */
    public TrendViews(TrendQueries trends, QueryRepository counts, QueryRules rules, int sparklineMinutes) {
        this.trends = trends;
        this.counts = counts;
        this.rules = rules;
        this.sparklineMinutes = sparklineMinutes;
    }

    /**
     * @return the scope's current trends, best first (see {@link TrendQueries#current}), each with its sparkline:
     *     its tag's mentions per minute over the {@code sparklineMinutes} whole minutes up to the latest assessment
     *     among them (the last minute is the one it falls in, counted so far), from the velocity windows
     */
    public CurrentTrends current(TrendScope scope, int limit) {
        List<Trend> current = trends.current(scope, limit);
        Instant asOf = current.stream().map(Trend::asOf).max(Comparator.naturalOrder()).orElse(null);
        if (asOf == null) {
            return new CurrentTrends(scope.toString(), null, null, current);
        }
        long minuteMs = MINUTE.toMillis();
        Instant to = Instant.ofEpochMilli(-Math.floorDiv(-asOf.toEpochMilli(), minuteMs) * minuteMs);
        TimeRange range = new TimeRange(to.minus(MINUTE.multipliedBy(sparklineMinutes)), to);
        Map<String, long[]> perMinute = counts.bucketCounts(current.stream().map(Trend::tag).toList(), range, MINUTE);
        List<Trend> withSparklines = current.stream()
            .map(trend -> trend.withSparkline(boxed(perMinute.get(trend.tag()))))
            .toList();
        return new CurrentTrends(scope.toString(), asOf, new Sparklines(range.from(), range.to(), minuteMs),
                withSparklines);
    }

    /**
     * @param trendId a trend's id to show that one, null for the latest trend of the tag in the scope (the current
     *        one while it lasts)
     * @return the trend, its velocity from the sparkline's minutes before its start to its end (or latest
     *     assessment), at most the longest velocity range (its latest part), at the finest resolution giving at most
     *     300 points, and its related tags with the latest trend of each in the scope
     * @throws UnknownTrendException if there is no such trend, or its tag is hidden or blocked now
     */
    public TrendDetail detail(TrendScope scope, String tag, String trendId) {
        Trend trend = (trendId == null ? trends.latest(scope, List.of(tag)).get(tag)
                : trends.byId(trendId).filter(found -> found.scope().equals(scope.toString())
                        && found.tag().equals(tag)).orElse(null));
        if (trend == null) {
            throw new UnknownTrendException(trendId == null
                    ? "no trend of '" + tag + "' in scope " + scope + " in the kept history"
                    : "no trend '" + trendId + "' of '" + tag + "' in scope " + scope + " in the kept history");
        }
        WindowSize velocity = rules.velocity();
        long windowMs = velocity.millis();
        Instant end = trend.endedAt() != null ? trend.endedAt() : trend.asOf();
        Instant to = Instant.ofEpochMilli(-Math.floorDiv(-end.toEpochMilli(), windowMs) * windowMs + windowMs);
        Instant from = trend.startedAt().minus(MINUTE.multipliedBy(sparklineMinutes));
        if (from.isBefore(to.minus(rules.maxRange()))) {
            from = to.minus(rules.maxRange());
        }
        TimeRange range = new TimeRange(from, to);
        Duration resolution = rules.resolution(null, range, velocity);
        TagSeries series = counts.series(List.of(tag), range, resolution, velocity).get(0);
        List<SeriesPoint> points = series.points();
        Velocity graph = new Velocity(points.isEmpty() ? range.from() : points.get(0).start(),
                points.isEmpty() ? range.to() : points.get(points.size() - 1).end(), resolution.toMillis(), points);
        Map<String, Trend> relatedTrends = trends.latest(scope, trend.related().stream().map(RelatedTag::tag).toList());
        List<RelatedTrend> related = trend.related().stream().map(one -> {
            Trend theirs = relatedTrends.get(one.tag());
            return new RelatedTrend(one.tag(), one.mentions(), theirs == null ? null : theirs.trendId(),
                    theirs == null ? null : theirs.status());
        }).toList();
        return new TrendDetail(trend, series.display(), graph, related);
    }

    private static List<Long> boxed(long[] counts) {
        return counts == null ? List.of() : Arrays.stream(counts).boxed().toList();
    }

    /**
     * @param scope the scope asked
     * @param asOf the latest assessment among the trends listed, null when there is none
     * @param sparklines the minutes every trend's sparkline covers, null when there is no trend
     * @param trends the current trends, best first
     */
    public record CurrentTrends(String scope, Instant asOf, Sparklines sparklines, List<Trend> trends) {
    }

    /**
     * @param from start of the first minute of every sparkline
     * @param to end of the last minute
     * @param resolutionMillis the width of each point: a minute
     */
    public record Sparklines(Instant from, Instant to, long resolutionMillis) {
    }

    /**
     * @param trend the trend
     * @param display the form of its tag authors wrote most (the tag when none was stored)
     * @param velocity its tag's mentions over its life
     * @param related its related tags, most co-occurring first, each with its latest trend in the scope if it has one
     */
    public record TrendDetail(Trend trend, String display, Velocity velocity, List<RelatedTrend> related) {
    }

    /**
     * @param from start of the first point
     * @param to end of the last point
     * @param resolutionMillis the width of each point
     * @param points one per bucket, oldest first, each with its count and mentions per second
     */
    public record Velocity(Instant from, Instant to, long resolutionMillis, List<SeriesPoint> points) {
    }

    /**
     * @param tag the related tag
     * @param mentions how often it co-occurred with the trend's tag
     * @param trendId the id of its latest trend in the scope, null when it has none in the kept history
     * @param status that trend's status, null when none
     */
    public record RelatedTrend(String tag, long mentions, String trendId, String status) {
    }
}
