package trough.tools.cluster;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statement.setQueryTimeout and Statement.cancel stop the work on the worker, not only the client's wait, and
 * the work SQLite does on the client too.
 */
class TimeoutAndCancelThroughJdbcTest {
    /** Gigabytes of hex text, row by row: many seconds of SQLite work on every segment. */
    static final String SLOW = "SELECT count(*) FROM t WHERE length(hex(zeroblob(4000000 + id % 2))) > 0";
    /** Billions of joined rows: minutes of SQLite work on the client, after the segments sent their rows. */
    static final String SLOW_ON_CLIENT = "SELECT count(*) FROM t a, t b, t c WHERE a.id + b.id + c.id <> -1";

    /** The same join pinned to one segment: minutes of SQLite work on the worker, which runs it whole. */
    static final String SLOW_ON_SEGMENT = "SELECT count(*) FROM t a, t b, t c WHERE a._segment = 'seg-00' AND b._segment = 'seg-00' "
            + "AND c._segment = 'seg-00' AND a.id + b.id + c.id <> -1";

    @TempDir
    static Path dir;
    static OracleCluster cluster;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        cluster = OracleCluster.start(dir, 3, 3000, 1);
        url = cluster.url;
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aQueryTimeoutStopsTheWorkersWork() throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            long started = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery(SLOW).next());
            assertTrue(fullMessage(e).contains("timed out"), fullMessage(e));
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30), "the timeout ended the wait");
        }
        awaitNoQueryRunning();
    }

    @Test
    void cancelStopsTheWorkersWork() throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            assertACancelStops(statement, SLOW);
        }
        awaitNoQueryRunning();
    }

    /** Runs {@code sql} on another thread, cancels it once workers run it, and requires it to stop at once without an answer. */
    private void assertACancelStops(Statement statement, String sql) throws Exception {
        CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
            try {
                statement.executeQuery(sql).next();
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
        awaitQueriesRunning();
        long cancelled = System.nanoTime();
        statement.cancel();
        assertTrue(running.get(120, TimeUnit.SECONDS) != null, "a cancelled query does not answer");
        // Left alone, the query runs for tens of seconds; cancelled, it stops at once. The bound is wide on purpose.
        assertTrue(System.nanoTime() - cancelled < TimeUnit.SECONDS.toNanos(20), "the cancel did not stop the query");
    }

    @Test
    void aQueryTimeoutStopsTheClientsWorkToo() throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            long started = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery(SLOW_ON_CLIENT).next());
            assertTrue(fullMessage(e).contains("timed out"), fullMessage(e));
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60), "the timeout ended the client's join");
            try (var rows = statement.executeQuery("SELECT count(*) FROM t")) {
                assertTrue(rows.next(), "the statement runs the next query");
            }
        }
    }

    @Test
    void aTimeoutAndACancelStopAStatementRunningWholeOnItsSegment() throws Exception {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            try (var plan = statement.executeQuery("EXPLAIN PLAN FOR " + SLOW_ON_SEGMENT)) {
                assertTrue(plan.next() && plan.getString(1).startsWith("ScratchQuery(runs whole on segment seg-00,"), "it runs on the worker");
            }
            statement.setQueryTimeout(1);
            long started = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> statement.executeQuery(SLOW_ON_SEGMENT).next());
            assertTrue(fullMessage(e).contains("timed out"), fullMessage(e));
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30), "the timeout ended the wait");
            awaitNoQueryRunning();

            statement.setQueryTimeout(0);
            assertACancelStops(statement, SLOW_ON_SEGMENT);
        }
        awaitNoQueryRunning();
    }

    private static String fullMessage(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) text.append(t.getMessage()).append(" / ");
        return text.toString();
    }

    private static void awaitQueriesRunning() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (queriesRunning() == 0) {
            if (System.nanoTime() > deadline) throw new AssertionError("the query never started on the worker");
            Thread.sleep(20);
        }
    }

    /** The worker stops too: its running queries drop to none, long before the query would have ended. */
    private static void awaitNoQueryRunning() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queriesRunning() > 0) {
            if (System.nanoTime() > deadline) throw new AssertionError("the worker kept running the query");
            Thread.sleep(20);
        }
    }

    private static double queriesRunning() {
        return cluster.metric("trough_queries_running");
    }
}
