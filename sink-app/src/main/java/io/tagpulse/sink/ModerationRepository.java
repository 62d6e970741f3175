package io.tagpulse.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.tagpulse.contracts.InvalidRecordException;
import io.tagpulse.contracts.ModerationDecision;
import org.springframework.jdbc.core.JdbcTemplate;

import static io.tagpulse.sink.SqlTimes.instant;
import static io.tagpulse.sink.SqlTimes.utc;

/**
 * The SQL of the moderators' decisions: each decision of the moderation topic recorded once (its partition and offset
 * are its identity, so a redelivered record is a no-op), and the current state of a tag read back. Decisions are kept
 * for good: they are the record of who decided what and why. Portable SQL for H2 2.x and PostgreSQL 15+.
 */
public class ModerationRepository {

    static final int MAX_KEY = 310;

    static final int MAX_SUBJECT = 4000;

    static final int MAX_BY = 200;

    static final int MAX_REASON = 1000;

    private static final String INSERT_ONCE = """
            MERGE INTO moderation_decisions AS t
            USING (VALUES (CAST(? AS INT), CAST(? AS BIGINT), CAST(? AS VARCHAR(310)), CAST(? AS VARCHAR(12)),
                           CAST(? AS VARCHAR(4000)), CAST(? AS VARCHAR(200)), CAST(? AS VARCHAR(1000)),
                           CAST(? AS TIMESTAMP WITH TIME ZONE)))
                AS s (source_partition, source_offset, decision_key, action, subject, decided_by, reason, decided_at)
            ON t.source_partition = s.source_partition AND t.source_offset = s.source_offset
            WHEN NOT MATCHED THEN
                INSERT (source_partition, source_offset, decision_key, action, subject, decided_by, reason, decided_at)
                VALUES (s.source_partition, s.source_offset, s.decision_key, s.action, s.subject, s.decided_by,
                        s.reason, s.decided_at)
            """;

    // A key's records share a partition (the key is the record key), so on a tie of decided_at the later offset is
    // the later decision.
    private static final String LATEST = """
            SELECT action, subject, decided_by, reason, decided_at
            FROM moderation_decisions
            WHERE decision_key = ?
            ORDER BY decided_at DESC, source_offset DESC
            FETCH FIRST 1 ROWS ONLY
            """;

    private final JdbcTemplate jdbc;

    public ModerationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Checks what the table can hold beyond {@link ModerationDecision#problems()}.
     *
     * @throws InvalidRecordException if the decision cannot be stored
     */
    public static void requireStorable(ModerationDecision decision) {
        List<String> problems = new ArrayList<>();
        if (decision.key().length() > MAX_KEY) {
            problems.add("its key is longer than " + MAX_KEY + " characters");
        }
        if (decision.subject() != null && decision.subject().length() > MAX_SUBJECT) {
            problems.add("'subject' is longer than " + MAX_SUBJECT + " characters");
        }
        if (decision.by().length() > MAX_BY) {
            problems.add("'by' is longer than " + MAX_BY + " characters");
        }
        if (decision.reason() != null && decision.reason().length() > MAX_REASON) {
            problems.add("'reason' is longer than " + MAX_REASON + " characters");
        }
        if (!problems.isEmpty()) {
            throw new InvalidRecordException("invalid ModerationDecision: " + String.join("; ", problems));
        }
    }

    /**
     * Records the decision read at this partition and offset of the moderation topic, unless it is recorded already.
     *
     * @return whether it was new
     * @throws InvalidRecordException if the decision cannot be stored
     */
    public boolean record(ModerationDecision decision, int partition, long offset) {
        requireStorable(decision);
        return jdbc.update(INSERT_ONCE, partition, offset, decision.key(), decision.action(),
                decision.subject() == null ? "" : decision.subject(), decision.by(),
                decision.reason() == null ? "" : decision.reason(), utc(decision.at())) > 0;
    }

    /** @return the latest decision recorded under the key ({@link ModerationDecision#key()}), if any */
    public Optional<ModerationDecision> latest(String key) {
        return jdbc.query(LATEST, (rs, row) -> new ModerationDecision(rs.getString("action"), rs.getString("subject"),
                rs.getString("decided_by"), rs.getString("reason"), instant(rs, "decided_at")), key).stream()
            .findFirst();
    }

    /**
     * @param tag a normalized tag
     * @return why the tag may not trend at this moment (the latest block list blocks it, or its latest decision hides
     *     it), empty when it may
     */
    public Optional<String> exclusion(String tag) {
        Optional<String> blocked = latest(ModerationDecision.BLOCK_LIST_KEY)
            .filter(list -> list.blockList().blocks(tag))
            .map(list -> "blocked by the block list of " + list.by() + " at " + list.at());
        if (blocked.isPresent()) {
            return blocked;
        }
        return latest("tag:" + tag)
            .filter(decision -> ModerationDecision.HIDE.equals(decision.action()))
            .map(decision -> "hidden by " + decision.by() + " at " + decision.at());
    }
}
