package io.tagpulse.sink;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import static io.tagpulse.sink.SqlTimes.instant;
import static io.tagpulse.sink.SqlTimes.utc;

/**
 * The SQL of the alerts: one row per trend id in {@code trend_alerts}, which is what keeps any sink (a restarted one,
 * another replica) from announcing a trend twice. A row is claimed {@code PENDING} before the first attempt, ends
 * {@code SENT} or {@code FAILED} (with {@code last_error} and {@code attempts}), or is {@code SKIPPED} when the trend's
 * first record did not qualify. Every change of a pending row names the attempts it expects, so two senders never
 * make the same attempt. Portable SQL for H2 2.x and PostgreSQL 15+.
 */
public class TrendAlertRepository {

    public static final String PENDING = "PENDING";

    public static final String SENT = "SENT";

    public static final String FAILED = "FAILED";

    public static final String SKIPPED = "SKIPPED";

    private static final int MAX_ERROR = 1000;

    private static final String INSERT_ONCE = """
            MERGE INTO trend_alerts AS t
            USING (VALUES (CAST(? AS VARCHAR(400)), CAST(? AS VARCHAR(10)), CAST(? AS VARCHAR(1000)),
                           CAST(? AS TIMESTAMP WITH TIME ZONE)))
                AS s (trend_id, state, last_error, created_at)
            ON t.trend_id = s.trend_id
            WHEN NOT MATCHED THEN
                INSERT (trend_id, state, attempts, last_error, created_at, next_attempt_at)
                VALUES (s.trend_id, s.state, 0, s.last_error, s.created_at, s.created_at)
            """;

    private static final String START_ATTEMPT = """
            UPDATE trend_alerts SET attempts = attempts + 1, next_attempt_at = ?
            WHERE trend_id = ? AND state = 'PENDING' AND attempts = ?
            """;

    private static final String RETRY_LATER = """
            UPDATE trend_alerts SET last_error = ?, next_attempt_at = ?
            WHERE trend_id = ? AND state = 'PENDING' AND attempts = ?
            """;

    private static final String FINISH = """
            UPDATE trend_alerts SET state = ?, last_error = COALESCE(CAST(? AS VARCHAR(1000)), last_error), sent_at = ?,
                                    next_attempt_at = NULL
            WHERE trend_id = ? AND state = 'PENDING' AND attempts = ?
            """;

    private static final String OVERDUE = """
            SELECT trend_id, state, attempts, last_error, created_at, sent_at FROM trend_alerts
            WHERE state = 'PENDING' AND next_attempt_at < ?
            ORDER BY next_attempt_at
            FETCH FIRST ? ROWS ONLY
            """;

    private static final String FIND = """
            SELECT trend_id, state, attempts, last_error, created_at, sent_at FROM trend_alerts WHERE trend_id = ?
            """;

    private final JdbcTemplate jdbc;

    public TrendAlertRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One alert as stored.
     *
     * @param trendId the trend id (the idempotency key)
     * @param state {@link #PENDING}, {@link #SENT}, {@link #FAILED} or {@link #SKIPPED}
     * @param attempts the attempts started
     * @param lastError why the last attempt failed, or why it was skipped; null when none did
     * @param createdAt when the row was claimed
     * @param sentAt when it was delivered, null until then
     */
    public record Alert(String trendId, String state, int attempts, String lastError, Instant createdAt,
            Instant sentAt) {
    }

    /** @return whether this call claimed the trend's alert (no row existed): the caller must now send it */
    public boolean claim(String trendId, Instant now) {
        return jdbc.update(INSERT_ONCE, trendId, PENDING, null, utc(now)) > 0;
    }

    /** Records that the trend is not announced, and why, unless its alert has a row already. */
    public void skip(String trendId, String reason, Instant now) {
        jdbc.update(INSERT_ONCE, trendId, SKIPPED, truncate(reason), utc(now));
    }

    /**
     * Starts attempt {@code attempts + 1} of a pending alert, holding it until {@code busyUntil}.
     *
     * @return false when the alert is not pending at {@code attempts} any more (another sender moved it on)
     */
    public boolean startAttempt(String trendId, int attempts, Instant busyUntil) {
        return jdbc.update(START_ATTEMPT, utc(busyUntil), trendId, attempts) > 0;
    }

    /** Records a failed attempt and when the next one is due. */
    public void retryLater(String trendId, int attempts, String error, Instant nextAttemptAt) {
        jdbc.update(RETRY_LATER, truncate(error), utc(nextAttemptAt), trendId, attempts);
    }

    /** Records the delivery at the given attempt (the last failure, if any, stays as it was). */
    public void sent(String trendId, int attempts, Instant now) {
        jdbc.update(FINISH, SENT, null, utc(now), trendId, attempts);
    }

    /** Records that the alert is given up at the given attempt. */
    public void failed(String trendId, int attempts, String error) {
        jdbc.update(FINISH, FAILED, truncate(error), null, trendId, attempts);
    }

    /** @return the pending alerts whose next attempt was due before the time, earliest first */
    public List<Alert> overdue(Instant before, int limit) {
        return jdbc.query(OVERDUE, TrendAlertRepository::alert, utc(before), limit);
    }

    /** @return the trend's alert, if it has a row */
    public Optional<Alert> find(String trendId) {
        return jdbc.query(FIND, TrendAlertRepository::alert, trendId).stream().findFirst();
    }

    private static Alert alert(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Alert(rs.getString("trend_id"), rs.getString("state"), rs.getInt("attempts"),
                rs.getString("last_error"), instant(rs, "created_at"), instant(rs, "sent_at"));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 1) + "…";
    }
}
