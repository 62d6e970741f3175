package io.tagpulse.dashboard;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The global scope's current trends in Mastodon's shape ({@code GET /api/v1/trends/tags}): each tag with a week of
 * history, today first, every value a string. Per UTC day, {@code uses} is the tag's mentions and {@code accounts}
 * its distinct authors:
 * <ul>
 * <li>{@code uses}: the sum of the day's tiling windows (those starting on a multiple of their size) in
 * {@code hashtag_counts}, for each day-dividing window size read (the configured sizes of a minute or more, else the
 * velocity windows); each sum counts every mention the counter of that size saw once, so the largest is taken (exact
 * when any of them saw the whole day, the best lower bound otherwise). At most 1,464 rows a tag and day with the
 * default 1-minute and 1-hour sizes.</li>
 * <li>{@code accounts}: the counter's estimate stored in {@code tag_day_authors}; for a day without one (the tag was
 * not trending while the counter held that day's authors), the least that is certain: 1 if it had uses, else 0.</li>
 * </ul>
 * Portable SQL for H2 2.x and PostgreSQL 15+, every value a bound parameter.
 */
public class MastodonTrends {

    /** The most trends one page lists (Mastodon's limit: twice its default of 10). */
    public static final int MAX_LIMIT = 20;

    /** How many trends a page lists when not told. */
    public static final int DEFAULT_LIMIT = 10;

    /** The largest offset accepted: far beyond any list of current trends. */
    public static final int MAX_OFFSET = 1_000;

    /** The days of history each tag shows: today and the six before, as Mastodon does. */
    public static final int DAYS = TrendUpdate.MAX_DAYS;

    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private static final String USES = """
            SELECT tag, window_size_ms, day_index, SUM(mention_count) AS uses
            FROM (SELECT tag, window_size_ms, mention_count,
                         (CAST(EXTRACT(EPOCH FROM window_start) * 1000 AS BIGINT) - :fromMs) / :dayMs AS day_index
                  FROM hashtag_counts
                  WHERE tag IN (:tags) AND window_size_ms IN (:sizes) AND window_start >= :from
                        AND window_start < :to
                        AND MOD(CAST(EXTRACT(EPOCH FROM window_start) * 1000 AS BIGINT), window_size_ms) = 0) windows
            GROUP BY tag, window_size_ms, day_index
            """;


    private static final String ACCOUNTS = """
            SELECT tag, utc_day, authors FROM tag_day_authors
            WHERE tag IN (:tags) AND utc_day >= :first AND utc_day <= :last
            """;

    private final NamedParameterJdbcTemplate jdbc;

    private final TrendQueries trends;

    private final List<Long> sizes;

    /**
     * @param velocityWindow the size of the velocity windows
     * @param windowSizes the other window sizes the dashboard reads
     */
    public MastodonTrends(NamedParameterJdbcTemplate jdbc, TrendQueries trends, Duration velocityWindow,
            List<Duration> windowSizes) {
        this.jdbc = jdbc;
        this.trends = trends;
        this.sizes = daySizes(velocityWindow, windowSizes);
    }

    /** The sizes whose windows tile a UTC day: those of a minute or more, else the velocity windows. */
    static List<Long> daySizes(Duration velocityWindow, List<Duration> windowSizes) {
        List<Long> coarse = windowSizes.stream()
            .map(Duration::toMillis)
            .filter(ms -> ms >= 60_000 && DAY_MILLIS % ms == 0)
            .distinct()
            .toList();
        return coarse.isEmpty() ? List.of(velocityWindow.toMillis()) : coarse;
    }

    /**
     * One tag as Mastodon's {@code Tag} entity, with history.
     *
     * @param id a stable id: a decimal string, as Mastodon's database ids are (see {@link #idOf})
     * @param name the tag, without '#'
     * @param url the dashboard's page of the tag
     * @param history the last 7 UTC days, today first
     */
    public record Tag(String id, String name, String url, List<Day> history) {
    }

    /**
     * One UTC day of a tag, every value a string as Mastodon writes them.
     *
     * @param day the day's midnight, in Unix seconds
     * @param uses the tag's mentions that day
     * @param accounts its distinct authors that day
     */
    public record Day(String day, String uses, String accounts) {
    }

    /**
     * One page of trends.
     *
     * @param tags the trends of the page, best first
     * @param more whether trends follow the page
     */
    public record Page(List<Tag> tags, boolean more) {
    }

    /**
     * @param offset how many of the best trends to skip
     * @param limit the most to list
     * @param today the current UTC day
     * @param baseUrl the dashboard's public URL, without a trailing slash, for each tag's {@code url}
     * @return the page of the global scope's current trends, in the dashboard's order
     */
    public Page page(int offset, int limit, LocalDate today, String baseUrl) {
        List<Trend> current = trends.current(TrendScope.GLOBAL_SCOPE, offset + limit + 1);
        List<String> tags = current.stream().skip(offset).limit(limit).map(Trend::tag).toList();
        if (tags.isEmpty()) {
            return new Page(List.of(), false);
        }
        LocalDate first = today.minusDays(DAYS - 1);
        Map<String, long[]> uses = uses(tags, first);
        Map<String, long[]> accounts = accounts(tags, first, today);
        List<Tag> page = new ArrayList<>(tags.size());
        for (String tag : tags) {
            List<Day> history = new ArrayList<>(DAYS);
            for (int i = DAYS - 1; i >= 0; i--) {
                long dayUses = uses.getOrDefault(tag, new long[DAYS])[i];
                long[] known = accounts.get(tag);
                long dayAccounts = known != null && known[i] >= 0 ? known[i] : Math.min(dayUses, 1);
                long midnight = first.plusDays(i).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
                history.add(new Day(Long.toString(midnight), Long.toString(dayUses), Long.toString(dayAccounts)));
            }
            page.add(new Tag(idOf(tag), tag, baseUrl + "/?tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8),
                    history));
        }
        return new Page(page, current.size() > offset + limit);
    }

    /** @return each tag's mentions per day from {@code first}, by day index (0 = first), the largest sum of any size */
    private Map<String, long[]> uses(List<String> tags, LocalDate first) {
        long fromMs = first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        MapSqlParameterSource params = new MapSqlParameterSource("tags", tags).addValue("sizes", sizes)
            .addValue("fromMs", fromMs)
            .addValue("dayMs", DAY_MILLIS)
            .addValue("from", first.atStartOfDay().atOffset(ZoneOffset.UTC))
            .addValue("to", first.plusDays(DAYS).atStartOfDay().atOffset(ZoneOffset.UTC));
        Map<String, long[]> uses = new HashMap<>();
        jdbc.query(USES, params, rs -> {
            int day = (int) rs.getLong("day_index");
            if (day >= 0 && day < DAYS) {
                long[] days = uses.computeIfAbsent(rs.getString("tag"), tag -> new long[DAYS]);
                days[day] = Math.max(days[day], rs.getLong("uses"));
            }
        });
        return uses;
    }

    /** @return each tag's stored distinct authors per day from {@code first}, by day index, -1 where none is stored */
    private Map<String, long[]> accounts(List<String> tags, LocalDate first, LocalDate last) {
        MapSqlParameterSource params = new MapSqlParameterSource("tags", tags).addValue("first", first)
            .addValue("last", last);
        Map<String, long[]> accounts = new HashMap<>();
        jdbc.query(ACCOUNTS, params, rs -> {
            int day = (int) (rs.getObject("utc_day", LocalDate.class).toEpochDay() - first.toEpochDay());
            if (day >= 0 && day < DAYS) {
                long[] days = accounts.computeIfAbsent(rs.getString("tag"), tag -> {
                    long[] none = new long[DAYS];
                    Arrays.fill(none, -1);
                    return none;
                });
                days[day] = rs.getLong("authors");
            }
        });
        return accounts;
    }

    /**
     * A tag's id: the first 63 bits of the SHA-256 of the normalized tag, in decimal. Mastodon's ids are database ids
     * (decimal strings), and some clients expect digits; a hash needs no table, is the same on every replica and
     * after every restart, and two tags share one with a probability of about 2^-63 per pair.
     */
    public static String idOf(String tag) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tag.getBytes(StandardCharsets.UTF_8));
            long bits = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                bits = bits << 8 | (digest[i] & 0xff);
            }
            return Long.toString(bits & Long.MAX_VALUE);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }

    /**
     * @param limit a decimal integer, or null for {@value #DEFAULT_LIMIT}
     * @return how many trends to list: above {@value #MAX_LIMIT} is {@value #MAX_LIMIT}, as Mastodon does
     * @throws InvalidQueryException if it is not a positive integer
     */
    public static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        long value = parse(limit);
        if (value < 1) {
            throw new InvalidQueryException("parameter 'limit' must be a positive integer (at most " + MAX_LIMIT
                    + " are listed), got " + echo(limit));
        }
        return (int) Math.min(value, MAX_LIMIT);
    }

    /**
     * @param offset a decimal integer, or null for 0
     * @return how many of the best trends to skip
     * @throws InvalidQueryException if it is not an integer from 0 to {@value #MAX_OFFSET}
     */
    public static int offset(String offset) {
        if (offset == null || offset.isBlank()) {
            return 0;
        }
        long value = parse(offset);
        if (value < 0 || value > MAX_OFFSET) {
            throw new InvalidQueryException("parameter 'offset' must be an integer from 0 to " + MAX_OFFSET + ", got "
                    + echo(offset));
        }
        return (int) value;
    }

    /** @return the integer, or -1 for anything else (an overflow, a fraction, a word) */
    private static long parse(String text) {
        String digits = text.strip();
        if (!digits.matches("[+-]?\\d{1,9}")) {
            return -1;
        }
        return Long.parseLong(digits);
    }

    private static String echo(String value) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
        return "'" + shown + "'";
    }
}
