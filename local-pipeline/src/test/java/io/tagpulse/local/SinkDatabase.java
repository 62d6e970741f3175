package io.tagpulse.local;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the sink's database directly, as an independent check of what the pipeline stored (shared with the Data
 * Flow integration test through this module's test jar).
 */
public final class SinkDatabase {

    private SinkDatabase() {
    }

    /** Deletes every stored count, as if the counts were wrong and had to be rebuilt. @return the rows deleted */
    public static int deleteAllCounts(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "sa", "");
                PreparedStatement delete = connection.prepareStatement("DELETE FROM hashtag_counts")) {
            return delete.executeUpdate();
        }
    }

    /** @return the stored count of every tag in every window of the size, by tag and window start (epoch ms) */
    public static Map<String, Map<Long, Long>> counts(String jdbcUrl, long windowMillis) throws SQLException {
        return counts(jdbcUrl, "sa", "", windowMillis);
    }

    /**
     * @return the (tag, window start, window size) keys stored more than once, with how often: empty unless the
     *     table lost its primary key or a write doubled a row
     */
    public static Map<String, Long> repeatedKeys(String jdbcUrl, String user, String password) throws SQLException {
        Map<String, Long> repeated = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement query = connection.prepareStatement("SELECT tag, window_start, window_size_ms, "
                        + "COUNT(*) FROM hashtag_counts GROUP BY tag, window_start, window_size_ms HAVING COUNT(*) > 1");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                repeated.put(rows.getString(1) + "@" + rows.getObject(2, OffsetDateTime.class) + "/" + rows.getLong(3),
                        rows.getLong(4));
            }
        }
        return repeated;
    }

    /** @return the stored count of every tag in every window of the size, by tag and window start (epoch ms) */
    public static Map<String, Map<Long, Long>> counts(String jdbcUrl, String user, String password, long windowMillis)
            throws SQLException {
        Map<String, Map<Long, Long>> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT tag, window_start, mention_count FROM hashtag_counts WHERE window_size_ms = ?")) {
            query.setLong(1, windowMillis);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long windowStart = rows.getObject(2, OffsetDateTime.class).toInstant().toEpochMilli();
                    counts.computeIfAbsent(rows.getString(1), k -> new TreeMap<>()).put(windowStart,
                            rows.getLong(3));
                }
            }
        }
        return counts;
    }
}
