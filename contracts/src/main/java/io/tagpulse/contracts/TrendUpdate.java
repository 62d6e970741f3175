package io.tagpulse.contracts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;

/**
 * One trend of one tag in one scope, as it stands at {@link #asOf()}: written by the counter each time the trend is
 * re-assessed (every refresh of its scope, in event time) from the moment it first qualifies to the record that says
 * it {@link #ENDED}. Keyed by {@code <scope>|<tag>}; a later record of the same {@link #trendId()} replaces the earlier
 * one, so storing it is an idempotent upsert, and the first record of a trend id is the trend's start (what an alert
 * announces, with the trend id as its idempotency key).
 *
 * @param trendId {@code <scope>|<tag>|<startedAt epoch millis>}: the same for every record of one trend, different for
 *        a later trend of the same tag
 * @param scope where it trends ({@link TrendScope#toString()})
 * @param tag the normalized tag
 * @param status {@link #RISING}, {@link #HOT}, {@link #COOLING} or {@link #ENDED}
 * @param startedAt when it first qualified (event time)
 * @param peakAt when it reached its highest rate
 * @param peakPerMinute its highest rate, in mentions per minute
 * @param endedAt when it ended, or {@code null} while it lasts
 * @param asOf the event time this record judges (the counter's clock when it was written)
 * @param mentions its mentions in the short horizon
 * @param authors its distinct authors in the short horizon (an estimate, within about 3 %)
 * @param expected the mentions its own baseline expects in a short horizon
 * @param score its significance against that baseline (a signed-root likelihood ratio: about the number of standard
 *        deviations above what was expected)
 * @param perMinute its rate over the last minute, in mentions per minute
 * @param related the tags that co-occur with it most, most first
 * @param moderated {@code true} on the last record of a trend ended because its tag was blocked or hidden
 * @param authorsByDay the tag's distinct authors per UTC day (since version 2, global scope only): at most
 *        {@link #MAX_DAYS} days, each once, none after {@code asOf}'s day; empty in other scopes and from older
 *        producers
 * @param version the contract version the producer wrote; absent reads as 1 (see {@link ContractVersions})
 */
public record TrendUpdate(String trendId, String scope, String tag, String status, Instant startedAt, Instant peakAt,
        long peakPerMinute, Instant endedAt, Instant asOf, long mentions, long authors, double expected, double score,
        long perMinute, List<RelatedTag> related, boolean moderated, List<DayAuthors> authorsByDay,
        Integer version) {

    /** The version this code writes: 2 added {@code authorsByDay}. */
    public static final int CURRENT_VERSION = 2;

    /** The most days {@code authorsByDay} holds: today and the six days before (Mastodon's week of history). */
    public static final int MAX_DAYS = 7;

    /** Qualified recently and set a new peak within the last minute. */
    public static final String RISING = "RISING";

    /** Qualified recently at a rate of at least a set fraction of its peak. */
    public static final String HOT = "HOT";

    /** Still above its exit threshold, but no longer qualifying as it did. */
    public static final String COOLING = "COOLING";

    /** Over: the last record of this trend id. */
    public static final String ENDED = "ENDED";

    /** The most related tags a record carries. */
    public static final int MAX_RELATED = 5;

    public TrendUpdate {
        related = related == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(related));
        // Kept as read, nulls included, so that problems() can name them.
        authorsByDay = authorsByDay == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(authorsByDay));
        version = ContractVersions.orFirst(version);
    }

    /** A record without distinct authors per day (as version 1 wrote them, or of a scope other than global). */
    public TrendUpdate(String trendId, String scope, String tag, String status, Instant startedAt, Instant peakAt,
            long peakPerMinute, Instant endedAt, Instant asOf, long mentions, long authors, double expected,
            double score, long perMinute, List<RelatedTag> related, boolean moderated, Integer version) {
        this(trendId, scope, tag, status, startedAt, peakAt, peakPerMinute, endedAt, asOf, mentions, authors,
                expected, score, perMinute, related, moderated, List.of(), version);
    }

    /** @return the trend id of a trend of {@code tag} in {@code scope} that started at {@code startedAt} */
    public static String trendId(String scope, String tag, Instant startedAt) {
        return key(scope, tag) + "|" + startedAt.toEpochMilli();
    }

    /** @return the record key of a trend of {@code tag} in {@code scope} */
    public static String key(String scope, String tag) {
        return scope + "|" + tag;
    }

    /** @return whether this record ends its trend */
    public boolean ended() {
        return ENDED.equals(status);
    }

    /** @return what makes this record invalid, empty when it is valid */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (Post.isBlank(trendId)) {
            problems.add("missing required field 'trendId'");
        }
        if (Post.isBlank(tag)) {
            problems.add("missing required field 'tag'");
        }
        if (Post.isBlank(scope)) {
            problems.add("missing required field 'scope'");
        }
        else {
            try {
                TrendScope.parse(scope);
            }
            catch (IllegalArgumentException ex) {
                problems.add("field 'scope': " + ex.getMessage());
            }
        }
        if (!List.of(RISING, HOT, COOLING, ENDED).contains(status)) {
            problems.add("field 'status' must be RISING, HOT, COOLING or ENDED, was " + status);
        }
        if (startedAt == null) {
            problems.add("missing required field 'startedAt'");
        }
        if (asOf == null) {
            problems.add("missing required field 'asOf'");
        }
        if (ENDED.equals(status) && endedAt == null) {
            problems.add("an ENDED trend needs 'endedAt'");
        }
        if (related.size() > MAX_RELATED) {
            problems.add("field 'related' holds " + related.size() + " tags, at most " + MAX_RELATED);
        }
        authorsByDayProblems(problems);
        ContractVersions.check(version).ifPresent(problems::add);
        return problems;
    }

    private void authorsByDayProblems(List<String> problems) {
        if (authorsByDay.size() > MAX_DAYS) {
            problems.add("field 'authorsByDay' holds " + authorsByDay.size() + " days, at most " + MAX_DAYS);
        }
        if (authorsByDay.stream().anyMatch(day -> day == null || day.day() == null)) {
            problems.add("every entry of 'authorsByDay' needs a 'day'");
            return;
        }
        if (authorsByDay.stream().anyMatch(day -> day.day().toEpochMilli() % DayAuthors.DAY_MILLIS != 0)) {
            problems.add("every 'day' of 'authorsByDay' must be a UTC midnight");
        }
        if (authorsByDay.stream().anyMatch(day -> day.authors() < 0)) {
            problems.add("'authors' in 'authorsByDay' must not be negative");
        }
        if (new HashSet<>(authorsByDay.stream().map(DayAuthors::day).toList()).size() < authorsByDay.size()) {
            problems.add("field 'authorsByDay' lists a day twice");
        }
        if (asOf != null && authorsByDay.stream().map(DayAuthors::day).anyMatch(day -> day.isAfter(asOf))) {
            problems.add("field 'authorsByDay' lists a day after 'asOf'");
        }
    }
}
