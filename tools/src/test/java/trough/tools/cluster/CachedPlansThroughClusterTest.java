package trough.tools.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/**
 * Plans outlive what they were planned over: a PreparedStatement, and the plan a driver keeps for a text,
 * read the segments the cluster has when they run, not those it had when they were prepared. Each answer is
 * compared with one SQLite database holding the same rows.
 */
class CachedPlansThroughClusterTest {
    private static final String TOTALS = "SELECT count(*), sum(n), count(DISTINCT _segment) FROM t";
    private static final String ONE_SEGMENT = "SELECT count(*), sum(n) FROM t WHERE _segment = ?";
    /** How long a connection may keep its cluster map before it asks again (it asks at most once a second). */
    private static final long MAP_RECHECK_BOUND_MILLIS = 10_000;

    @Test
    void preparedAndKeptPlansReadASegmentCreatedAfterThem(@TempDir Path dir) throws Exception {
        try (OracleCluster cluster = OracleCluster.start(dir, 6, 1200, 23);
             Connection oracle = SqliteConnections.openReadWrite(cluster.data.oracle);
             Connection reader = DriverManager.getConnection(cluster.url);
             Connection writer = DriverManager.getConnection(cluster.url);
             PreparedStatement totals = reader.prepareStatement(TOTALS);
             PreparedStatement oneSegment = reader.prepareStatement(ONE_SEGMENT)) {
            oneSegment.setString(1, "seg-late");
            assertEquals(rows(oracle, TOTALS), rows(totals));
            assertEquals(List.of(List.of(0L, "null")), rows(oneSegment));

            String insert = "INSERT INTO t (id, grp, n, _segment) VALUES (990001, 'late', 40, 'seg-late'), (990002, 'late', 2, 'seg-late')";
            for (Connection target : List.of(writer, oracle)) {
                try (Statement statement = target.createStatement()) {
                    assertEquals(2, statement.executeUpdate(insert));
                }
            }
            List<List<Object>> expected = rows(oracle, TOTALS);

            // Another connection's first run of the text reuses the reader's plan, and lists segments afresh.
            try (Connection fresh = DriverManager.getConnection(cluster.url); Statement statement = fresh.createStatement();
                 ResultSet answer = statement.executeQuery(TOTALS)) {
                assertEquals(expected, all(answer));
            }
            // The reader's own statements see it once its cluster map is rechecked.
            long deadline = System.currentTimeMillis() + MAP_RECHECK_BOUND_MILLIS;
            List<List<Object>> seen = rows(totals);
            while (!seen.equals(expected) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
                seen = rows(totals);
            }
            assertEquals(expected, seen);
            assertEquals(List.of(List.of(2L, "42")), rows(oneSegment));
        }
    }

    private static List<List<Object>> rows(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return all(rows);
        }
    }

    private static List<List<Object>> rows(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return all(rows);
        }
    }

    /** The rows, the first column (a count) as a long and the others as their text, to compare across drivers. */
    private static List<List<Object>> all(ResultSet rows) throws SQLException {
        List<List<Object>> all = new ArrayList<>();
        int width = rows.getMetaData().getColumnCount();
        while (rows.next()) {
            List<Object> row = new ArrayList<>();
            row.add(rows.getLong(1));
            for (int i = 2; i <= width; i++) row.add(String.valueOf(rows.getObject(i)));
            all.add(row);
        }
        assertFalse(all.isEmpty());
        return all;
    }
}
