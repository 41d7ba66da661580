package trough.tools.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;
import trough.jdbc.oracle.PinnedOracleTest;
import trough.jdbc.oracle.ResultComparison;

/**
 * A statement pinned to one segment runs whole on the worker serving it: only its answer crosses the network,
 * and it answers as one SQLite database holding all rows. One that is not pinned to a single segment fetches
 * its tables' rows.
 */
class PinnedStatementThroughClusterTest {
    private static final String JOIN = "SELECT a.grp, count(*), sum(b.k) FROM t a JOIN u b ON b.k = a.n % 20 ";

    @TempDir
    static Path dir;
    static OracleCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = OracleCluster.start(dir, 7, 2100, 5);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void pinnedStatementsAnswerAsOneSqliteDatabase() throws Exception {
        PinnedOracleTest.assertSameAnswers(cluster.url, cluster.data, Set.of("t", "u"), 300, 41);
    }

    @Test
    void onlyTheAnswerOfAPinnedJoinLeavesTheWorker() throws Exception {
        String pinned = JOIN + "WHERE a._segment = ? AND b._segment = ? GROUP BY a.grp";
        try (Connection connection = DriverManager.getConnection(cluster.url); PreparedStatement statement = connection.prepareStatement(pinned)) {
            statement.setString(1, "seg-03");
            statement.setString(2, "seg-03");
            read(statement); // planning and connections warmed up
            double before = rowsReturned();
            List<List<Object>> answer = read(statement);
            assertTrue(answer.size() > 1, "the join must have several groups for this test to tell");
            assertEquals(before + answer.size(), rowsReturned(), "the worker sends the answer's rows, not the tables'");
            assertEquals(null, ResultComparison.difference(oracle(pinned, "seg-03", "seg-03"), answer, false, false));

            statement.setString(2, "seg-06");
            before = rowsReturned();
            List<List<Object>> twoSegments = read(statement);
            long fetchedRows = count("SELECT count(*) FROM t WHERE _segment = 'seg-03'") + count("SELECT count(*) FROM u WHERE _segment = 'seg-06'");
            assertEquals(before + fetchedRows, rowsReturned(), "two segments: each table's rows are fetched to the client");
            assertEquals(null, ResultComparison.difference(oracle(JOIN + "WHERE a._segment = 'seg-03' AND b._segment = 'seg-06' GROUP BY a.grp"),
                    twoSegments, false, false));
        }
    }

    @Test
    void aReferenceLeftFreeFetchesItsTable() throws Exception {
        String sql = JOIN + "WHERE a._segment = 'seg-03' GROUP BY a.grp";
        try (Connection connection = DriverManager.getConnection(cluster.url); Statement statement = connection.createStatement()) {
            try (ResultSet plan = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
                assertTrue(plan.next());
                assertTrue(plan.getString(1).startsWith("ScratchQuery(runs on the client's SQLite after fetching 2 table(s))"), plan.getString(1));
            }
            double before = rowsReturned();
            List<List<Object>> answer;
            try (ResultSet rows = statement.executeQuery(sql)) {
                answer = ResultComparison.read(rows);
            }
            assertTrue(rowsReturned() - before > answer.size(), "u comes from every segment");
            assertEquals(null, ResultComparison.difference(oracle(sql), answer, false, false));
        }
    }

    @Test
    void theFetchSizeSetsTheBatchesOfAPinnedStatementAndNotItsAnswer() throws Exception {
        String sql = "SELECT a.id, a.s, b.label, b._segment FROM t a LEFT JOIN u b ON b.k = a.n AND b._segment = 'seg-03' "
                + "WHERE a._segment = 'seg-03' ORDER BY a.id, b.label";
        List<List<Object>> expected = oracle(sql);
        assertTrue(expected.size() > 100, "enough rows for several batches");
        for (String url : new String[] {cluster.url + "?fetchSize=1", cluster.url + "?fetchSize=7", cluster.url}) {
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(sql)) {
                assertEquals(null, ResultComparison.difference(expected, ResultComparison.read(rows), true, false), url);
            }
        }
    }

    @Test
    void aPinnedStatementFailingOnItsSegmentSaysWhy() throws Exception {
        try (Connection connection = DriverManager.getConnection(cluster.url); Statement statement = connection.createStatement()) {
            String sql = "SELECT a.id, abs(-9223372036854775807 - 1 + b.k * 0) FROM t a JOIN u b ON b.k = a.n "
                    + "WHERE a._segment = 'seg-03' AND b._segment = 'seg-03'";
            try (ResultSet plan = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
                assertTrue(plan.next() && plan.getString(1).startsWith("ScratchQuery(runs whole on segment seg-03,"), "it runs on the worker");
            }
            SQLException error = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> {
                try (ResultSet rows = statement.executeQuery(sql)) {
                    while (rows.next()) {
                        // the first row fails
                    }
                }
            });
            assertTrue(fullMessage(error).contains("integer overflow"), fullMessage(error));
            assertTrue(fullMessage(error).contains("seg-03"), "the segment is named: " + fullMessage(error));
        }
    }

    private static String fullMessage(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) text.append(t.getMessage()).append(" / ");
        return text.toString();
    }

    private static List<List<Object>> read(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return ResultComparison.read(rows);
        }
    }

    private static List<List<Object>> oracle(String sql, Object... values) throws SQLException {
        try (Connection oracle = SqliteConnections.openReadOnly(cluster.data.oracle); PreparedStatement statement = oracle.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) statement.setObject(i + 1, values[i]);
            try (ResultSet rows = statement.executeQuery()) {
                return ResultComparison.read(rows);
            }
        }
    }

    private static long count(String sql) throws SQLException {
        List<List<Object>> rows = oracle(sql);
        return ((Number) rows.get(0).get(0)).longValue();
    }

    private static double rowsReturned() {
        return cluster.metric("trough_rows_returned_total");
    }
}
