package trough.jdbc.tpch;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import trough.core.sqlite.SqliteConnections;
import trough.jdbc.oracle.ResultComparison;

/**
 * One TPC-H query through Trough and on one SQLite file holding all the rows: the answers must be alike.
 * Prints the time on both and the planning time, for docs/performance.md.
 */
public final class TpchComparison {
    /** Longer than any query should take here; a query still running then fails, and is cancelled. */
    static final Duration LIMIT = Duration.ofSeconds(120);
    /** How long a cancelled query may take to stop before the next one starts beside it. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(5);

    private TpchComparison() {}

    /** Runs {@code query} through {@code url} and on the oracle file of {@code data}, and fails unless both answer alike. */
    public static void assertSameAnswer(String url, TpchData data, TpchQueries.Query query) throws Exception {
        String where = "SF " + data.scaleFactor + (url.startsWith("jdbc:trough:file:") ? " files" : " cluster");
        long started = System.nanoTime();
        List<List<Object>> expected;
        try (Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            expected = run(oracle, query.sql(), new AtomicReference<>());
        }
        long sqliteMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        List<List<Object>> actual;
        try {
            actual = runWithinLimit(url, query);
        } catch (AssertionError | Exception e) {
            System.out.printf("%s %s: SQLite %d ms, trough failed after %d ms: %s%n", query, where, sqliteMillis,
                    (System.nanoTime() - started) / 1_000_000, firstLine(e));
            throw e;
        }
        long troughMillis = (System.nanoTime() - started) / 1_000_000;
        String difference = ResultComparison.difference(expected, actual, query.ordered(), false);
        System.out.printf("%s %s: SQLite %d ms, trough %d ms (planning %d ms), %d rows, %s%n", query, where, sqliteMillis, troughMillis,
                planningMillis(url, query), expected.size(), difference == null ? "same" : "DIFFERENT");
        assertNull(difference, query + " through trough differs from one SQLite file: " + difference);
    }

    /** How long preparing the query takes, once it has run: the planning alone, measured for docs/performance.md. */
    private static long planningMillis(String url, TpchQueries.Query query) throws Exception {
        try (Connection trough = DriverManager.getConnection(url)) {
            long started = System.nanoTime();
            trough.prepareStatement(query.sql()).close();
            return (System.nanoTime() - started) / 1_000_000;
        }
    }

    /**
     * The query's answer through {@code url}, run on a thread of its own so that a query still running after
     * {@link #LIMIT} can fail the test, cancelled, rather than hold up the others.
     */
    private static List<List<Object>> runWithinLimit(String url, TpchQueries.Query query) throws Exception {
        AtomicReference<Statement> running = new AtomicReference<>();
        FutureTask<List<List<Object>>> task = new FutureTask<>(() -> {
            try (Connection trough = DriverManager.getConnection(url)) {
                return run(trough, query.sql(), running);
            }
        });
        Thread thread = daemon("tpch " + query.name(), task);
        try {
            return task.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            // Cancelled on a thread of its own: a cancel that waits for the planner could hold the suite for minutes.
            Statement statement = running.get();
            if (statement != null) daemon("cancel " + query.name(), () -> cancel(statement));
            thread.join(CANCEL_GRACE.toMillis());
            throw new AssertionError(query + " did not answer within " + LIMIT.toSeconds() + " s; cancelled, and "
                    + (thread.isAlive() ? "still running " + CANCEL_GRACE.toSeconds() + " s later" : "stopped"));
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void cancel(Statement statement) {
        try {
            statement.cancel();
        } catch (Exception e) {
            System.out.println("cancelling failed: " + e);
        }
    }

    private static List<List<Object>> run(Connection connection, String sql, AtomicReference<Statement> running) throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) LIMIT.toSeconds());
            running.set(statement);
            try (ResultSet rows = statement.executeQuery(sql)) {
                return ResultComparison.read(rows);
            }
        }
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        return e.getClass().getSimpleName() + ": " + message.lines().findFirst().orElse("");
    }
}
