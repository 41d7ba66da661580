package trough.tools.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.segment.SegmentId;

/** How a query reaches the cluster: one request per worker, segments pruned before anything is sent. */
class FanOutTest {
    @TempDir
    static Path dir;
    static OracleCluster cluster;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        cluster = OracleCluster.start(dir, 7, 700, 3);
        url = cluster.url;
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aQueryOverEverySegmentIsOneRequestToTheWorker() throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            query(statement, "SELECT count(*) FROM t"); // connection and planner warm-up
            double before = queryRequests();
            try (ResultSet rows = statement.executeQuery("SELECT grp, count(*), avg(n) FROM t GROUP BY grp")) {
                while (rows.next()) {
                    // read every group
                }
            }
            assertEquals(before + 1, queryRequests(), "7 segments on one worker: one request");
        }
    }

    @Test
    void anOrderedLimitIsMergedOnTheWorkerAndStopsThere() throws Exception {
        String sql = "SELECT id, n FROM t ORDER BY n DESC, id LIMIT 5";
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            try (ResultSet plan = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
                assertTrue(plan.next());
                assertTrue(plan.getString(1).contains("merge=[sorted merge on c1 DESC NULLS LAST, c0 NULLS FIRST, fetch 5]"), plan.getString(1));
            }
            double before = cluster.metric("trough_rows_returned_total");
            List<List<Object>> answer = rows(url, sql);
            assertEquals(rows("jdbc:trough:file:" + cluster.data.directory, sql), answer);
            assertEquals(5, answer.size());
            assertEquals(before + 5, cluster.metric("trough_rows_returned_total"),
                    "the worker merges its 7 sorted segments and sends the first 5 rows, not 5 per segment");
        }
    }

    @Test
    void aSplitAggregateIsCombinedOnTheWorkerIntoOneRowPerGroup() throws Exception {
        String sql = "SELECT grp, count(*), avg(n), min(s), count(DISTINCT v) FROM t GROUP BY grp ORDER BY grp";
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            try (ResultSet plan = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
                assertTrue(plan.next());
                assertTrue(plan.getString(1).contains("combine=[SELECT"), plan.getString(1));
            }
            long partialGroups = query(statement, "SELECT count(*) FROM (SELECT DISTINCT grp, v FROM t)");
            long perSegment = query(statement, "SELECT count(*) FROM (SELECT DISTINCT _segment, grp, v FROM t)");
            assertTrue(perSegment > partialGroups, "the data set must put a group in several segments for this test to tell");
            double before = cluster.metric("trough_rows_returned_total");
            List<List<Object>> answer = rows(url, sql);
            assertEquals(before + partialGroups, cluster.metric("trough_rows_returned_total"),
                    "the worker sends one partial row per (grp, v) for its 7 segments, not one per segment");
            assertEquals(rows("jdbc:trough:file:" + cluster.data.directory, sql), answer);
        }
    }

    @Test
    void theFetchSizeSetsTheBatchesAndNotTheAnswer() throws Exception {
        String sql = "SELECT id, grp, n, s FROM t ORDER BY id";
        List<List<Object>> expected = rows(url, sql);
        assertEquals(expected, rows(url + "?fetchSize=1", sql), "one row per batch");
        assertEquals(expected, rows(url + "?fetchSize=100000", sql), "everything in one batch");
        try (Connection connection = DriverManager.getConnection(url + "?fetchSize=100000"); Statement statement = connection.createStatement()) {
            statement.setFetchSize(1);
            assertEquals(1, statement.getFetchSize());
            try (ResultSet rows = statement.executeQuery(sql)) {
                int count = 0;
                while (rows.next()) count++;
                assertEquals(expected.size(), count, "the statement's fetch size of one row per batch");
            }
        }
        SQLException bad = assertThrows(SQLException.class, () -> DriverManager.getConnection(url + "?fetchSize=0"));
        assertEquals("connection property fetchSize must be a positive whole number, not '0'", bad.getMessage());
    }

    private static List<List<Object>> rows(String url, String sql) throws SQLException {
        List<List<Object>> all = new java.util.ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                List<Object> row = new java.util.ArrayList<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) row.add(String.valueOf(rows.getObject(i)));
                all.add(row);
            }
        }
        return all;
    }

    @Test
    void aPredicateOnSegmentPrunesBeforeAnythingIsSent() throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            String sql = "SELECT count(*) FROM t WHERE _segment = 'seg-03'";
            try (ResultSet plan = statement.executeQuery("EXPLAIN PLAN FOR " + sql)) {
                assertTrue(plan.next());
                // Named outright, the one segment is read whole: nothing else is asked.
                assertTrue(plan.getString(1).startsWith("ScratchQuery(runs whole on segment seg-03,"), plan.getString(1));
            }
            double before = queryRequests();
            long count = query(statement, sql);
            assertEquals(before + 1, queryRequests());
            assertEquals(count, query(statement, "SELECT count(*) FROM t WHERE _segment LIKE 'seg-03%'"));

            double none = queryRequests();
            assertEquals(0, query(statement, "SELECT count(*) FROM t WHERE _segment = 'no-such-segment'"));
            assertEquals(none, queryRequests(), "no segment left: nothing is sent");
        }
    }

    @Test
    void parametersOfEveryTypeTravelToTheWorkers() throws Exception {
        String sql = "SELECT count(*), sum(n) FROM t WHERE (v = ? OR s LIKE ? OR x < ? OR n = ?) AND _segment <> ?";
        try (Connection remote = DriverManager.getConnection(url);
             Connection files = DriverManager.getConnection("jdbc:trough:file:" + cluster.data.directory)) {
            assertEquals(answer(files, sql), answer(remote, sql));
        }
    }

    private static String answer(Connection connection, String sql) throws SQLException {
        try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setBytes(1, new byte[] {2, 7});
            statement.setString(2, "sb%");
            statement.setDouble(3, -100.5);
            statement.setLong(4, 42);
            statement.setString(5, "seg-01");
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next());
                assertTrue(rows.getLong(1) > 0);
                return rows.getLong(1) + "/" + rows.getLong(2);
            }
        }
    }

    @Test
    void insertsReachTheWritersAndNewSegmentsAreCreatedFromTheSchema() throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            assertEquals(3, statement.executeUpdate(
                    "INSERT INTO u (_segment, k, label) VALUES ('ins-1', 101, 'new'), ('ins-2', 102, 'new'), ('seg-00', 103, 'new')"));
            try (ResultSet rows = statement.executeQuery("SELECT _segment, k FROM u WHERE label = 'new' ORDER BY k")) {
                for (String expected : new String[] {"ins-1", "ins-2", "seg-00"}) {
                    assertTrue(rows.next());
                    assertEquals(expected, rows.getString(1));
                }
            }
        }
        assertEquals("oracle", cluster.registry.segment(SegmentId.of("ins-1")).orElseThrow().schema());
    }

    @Test
    void noReachableNodeIsAClearError() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:trough://127.0.0.1:" + port));
        assertTrue(e.getMessage().contains("no node of the cluster answered"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
        // With a live node listed after the dead one, the driver moves on to it.
        try (Connection connection = DriverManager.getConnection("jdbc:trough://127.0.0.1:" + port + ",127.0.0.1:" + cluster.worker.port() + "/oracle");
             Statement statement = connection.createStatement()) {
            assertTrue(query(statement, "SELECT count(*) FROM t") > 0);
        }
    }

    @Test
    void anUnknownSchemaIsNamedWithTheKnownOnes() {
        SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url.replace("/oracle", "/nope")));
        assertTrue(e.getMessage().contains("no schema 'nope'") && e.getMessage().contains("[oracle]"), e.getMessage());
    }

    private static long query(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next());
            return rows.getLong(1);
        }
    }

    private static double queryRequests() {
        return cluster.metric("trough_requests_total{endpoint=\"POST /v1/query\",status=\"200\"}");
    }
}
