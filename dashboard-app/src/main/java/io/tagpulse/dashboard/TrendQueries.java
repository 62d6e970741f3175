package io.tagpulse.dashboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.tagpulse.contracts.ModerationDecision;
import io.tagpulse.contracts.RelatedTag;
import io.tagpulse.contracts.TagpulseJson;
import io.tagpulse.contracts.TrendScope;
import io.tagpulse.contracts.TrendUpdate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import tools.jackson.core.JacksonException;

/**
 * The dashboard's SQL of trends and moderation: a scope's current trends, the trends that started in a range, the
 * scopes that have trends, and the moderators' decisions, from the tables the sink writes ({@code trends},
 * {@code moderation_decisions}; it never writes them). Tags that are hidden or blocked now (the latest decision of
 * each key, see {@link ModerationState}) are left out of every trend answer. Portable SQL for H2 2.x and PostgreSQL
 * 15+, every value a bound parameter.
 */
public class TrendQueries {

    private static final String COLUMNS = """
            trend_id, scope, tag, status, started_at, peak_at, peak_per_minute, ended_at, as_of, mentions, authors,
            expected, score, per_minute, related, moderated""";

    private static final String NEWEST_ASSESSMENT = """
            SELECT MAX(as_of) FROM trends WHERE scope = :scope AND status <> 'ENDED'
            """;

    // Best first: the highest significance, then the most mentions, then by tag (a stable order for equal scores).
    private static final String CURRENT = "SELECT " + COLUMNS + """

            FROM trends
            WHERE scope = :scope AND status <> 'ENDED' AND moderated = FALSE AND as_of >= :freshSince
            ORDER BY score DESC, mentions DESC, tag, started_at DESC
            OFFSET :offset ROWS FETCH NEXT :rows ROWS ONLY
            """;

    private static final String HISTORY = "SELECT " + COLUMNS + """

            FROM trends
            WHERE scope = :scope AND started_at >= :from AND started_at < :to
            ORDER BY started_at DESC, tag
            OFFSET :offset ROWS FETCH NEXT :rows ROWS ONLY
            """;

    private static final String SCOPES = """
            SELECT DISTINCT scope FROM trends ORDER BY scope FETCH FIRST :limit ROWS ONLY
            """;

    private static final String DECISION_COLUMNS = """
            SELECT decision_key, action, subject, decided_by, reason, decided_at, source_partition, source_offset
            FROM moderation_decisions d
            """;

    // The latest decision of each key: by decision time, then by its place on the topic.
    private static final String LATEST_DECISIONS = DECISION_COLUMNS + """
            WHERE NOT EXISTS (
                SELECT 1 FROM moderation_decisions n
                WHERE n.decision_key = d.decision_key
                  AND (n.decided_at > d.decided_at
                       OR (n.decided_at = d.decided_at AND (n.source_partition > d.source_partition
                           OR (n.source_partition = d.source_partition AND n.source_offset > d.source_offset)))))
            """;

    private static final String RECENT_DECISIONS = DECISION_COLUMNS + """
            ORDER BY decided_at DESC, source_partition DESC, source_offset DESC
            FETCH FIRST :limit ROWS ONLY
            """;

    /** The most scopes {@link #scopes()} lists. */
    public static final int MAX_SCOPES = 500;

    /** The most rows one answer reads while skipping hidden and blocked tags, however many it leaves out. */
    static final int MAX_ROWS_READ = 5_000;

    private final NamedParameterJdbcTemplate jdbc;

    private final Duration staleAfter;

    /**
     * @param staleAfter how long before the scope's newest assessment a current trend's latest record may be and
     *        still count as current (older ones belong to a counter that stopped without ending them)
     */
    public TrendQueries(NamedParameterJdbcTemplate jdbc, Duration staleAfter) {
        this.jdbc = jdbc;
        this.staleAfter = staleAfter;
    }

    /**
     * @return the scope's current trends (not ended, not moderated, not hidden or blocked now, re-assessed within
     *     the staleness bound of the scope's newest assessment), best first: highest score, then most mentions, then
     *     by tag; one per tag, ranked from 1, at most {@code limit}
     */
    public List<Trend> current(TrendScope scope, int limit) {
        OffsetDateTime newest = jdbc.queryForObject(NEWEST_ASSESSMENT, scopeParams(scope), OffsetDateTime.class);
        if (newest == null) {
            return List.of();
        }
        MapSqlParameterSource params = scopeParams(scope)
            .addValue("freshSince", utc(newest.toInstant().minus(staleAfter)));
        List<Trend> found = allowed(CURRENT, params, limit, true);
        List<Trend> ranked = new ArrayList<>(found.size());
        for (int i = 0; i < found.size(); i++) {
            ranked.add(found.get(i).ranked(i + 1));
        }
        return ranked;
    }

    /**
     * @return the scope's trends that started in the range, latest start first (then by tag), without those of tags
     *     hidden or blocked now, at most {@code limit}
     */
    public List<Trend> history(TrendScope scope, TimeRange range, int limit) {
        MapSqlParameterSource params = scopeParams(scope).addValue("from", utc(range.from()))
            .addValue("to", utc(range.to()));
        return allowed(HISTORY, params, limit, false);
    }

    /** @return the scopes that have trends in the kept history, as {@link TrendScope#toString()}, sorted */
    public List<String> scopes() {
        return jdbc.queryForList(SCOPES, new MapSqlParameterSource("limit", MAX_SCOPES), String.class);
    }

    /** @return what may trend now, from the latest decision of each key */
    public ModerationState moderation() {
        return ModerationState.of(jdbc.query(LATEST_DECISIONS, new MapSqlParameterSource(),
                (rs, row) -> decision(rs).decision()));
    }

    /** @return the recorded decisions, newest first, at most {@code limit} */
    public List<RecordedDecision> decisions(int limit) {
        return jdbc.query(RECENT_DECISIONS, new MapSqlParameterSource("limit", limit), (rs, row) -> decision(rs));
    }

    /**
     * A decision as the sink recorded it from the moderation topic.
     *
     * @param key the record key ({@code block-list} or {@code tag:<tag>})
     * @param decision the decision
     * @param partition its partition on the moderation topic
     * @param offset its offset there
     */
    public record RecordedDecision(String key, ModerationDecision decision, int partition, long offset) {
    }

    /**
     * Reads the rows of a query in order, page by page, leaving out the tags the moderation state does not allow
     * (and, when asked, any tag already listed), until it has {@code limit} or has read {@link #MAX_ROWS_READ} rows.
     */
    private List<Trend> allowed(String sql, MapSqlParameterSource params, int limit, boolean onePerTag) {
        ModerationState moderation = moderation();
        List<Trend> kept = new ArrayList<>(limit);
        Set<String> tags = new HashSet<>();
        int page = Math.max(limit, 50);
        for (int offset = 0; kept.size() < limit && offset < MAX_ROWS_READ; offset += page) {
            List<Trend> rows = jdbc.query(sql, params.addValue("offset", offset).addValue("rows", page),
                    (rs, row) -> trend(rs));
            for (Trend trend : rows) {
                if (kept.size() < limit && moderation.allows(trend.tag()) && (!onePerTag || tags.add(trend.tag()))) {
                    kept.add(trend);
                }
            }
            if (rows.size() < page) {
                break;
            }
        }
        return kept;
    }

    private static Trend trend(ResultSet rs) throws SQLException {
        return new Trend(null, rs.getString("trend_id"), rs.getString("scope"), rs.getString("tag"),
                rs.getString("status"), instant(rs, "started_at"), instant(rs, "peak_at"),
                rs.getLong("peak_per_minute"), instant(rs, "ended_at"), instant(rs, "as_of"), rs.getLong("mentions"),
                rs.getLong("authors"), rs.getDouble("expected"), rs.getDouble("score"), rs.getLong("per_minute"),
                related(rs.getString("related")), rs.getBoolean("moderated"));
    }

    /** The sink stores the related tags as the record's JSON array; one it cannot read shows as none. */
    private static List<RelatedTag> related(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            RelatedTag[] related = TagpulseJson.mapper().readValue(json, RelatedTag[].class);
            return related == null ? List.of() : List.of(related).subList(0, Math.min(related.length,
                    TrendUpdate.MAX_RELATED));
        }
        catch (JacksonException | NullPointerException unreadable) {
            return List.of();
        }
    }

    private static RecordedDecision decision(ResultSet rs) throws SQLException {
        return new RecordedDecision(rs.getString("decision_key"),
                new ModerationDecision(rs.getString("action"), rs.getString("subject"), rs.getString("decided_by"),
                        rs.getString("reason"), instant(rs, "decided_at")),
                rs.getInt("source_partition"), rs.getLong("source_offset"));
    }

    private static MapSqlParameterSource scopeParams(TrendScope scope) {
        return new MapSqlParameterSource("scope", scope.toString());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).atOffset(ZoneOffset.UTC);
    }
}
