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
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.client.WorkerClient;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.jdbc.oracle.OracleDataSet;
import trough.sync.registry.EmbeddedRegistry;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/** Statement.setQueryTimeout and Statement.cancel stop the work on the worker, not only the client's wait. */
class TimeoutAndCancelThroughJdbcTest {
    /** Gigabytes of random bytes: many seconds of SQLite work on every segment. */
    static final String SLOW = "SELECT count(*) FROM t WHERE length(randomblob(4000000)) > 0";

    @TempDir
    static Path dir;
    static Registry registry;
    static WorkerServer worker;
    static String url;
    static OkHttpClient http = WorkerClient.defaultHttpClient();

    @BeforeAll
    static void start() throws Exception {
        OracleDataSet data = OracleDataSet.create(dir.resolve("data"), 3, 3000, 1, true);
        registry = EmbeddedRegistry.open(dir.resolve("registry"));
        registry.putSchema(SchemaValidator.validate("oracle", OracleDataSet.T_DDL + ";" + OracleDataSet.U_DDL));
        for (String segment : data.segments) registry.putSegment(SegmentRecord.local(SegmentId.of(segment), "oracle", 0));
        worker = WorkerServer.start(WorkerConfig.defaults(data.directory).withPort(0), registry);
        url = "jdbc:trough://127.0.0.1:" + worker.port() + "/oracle";
    }

    @AfterAll
    static void stop() {
        worker.close();
        registry.close();
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
            CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
                try {
                    statement.executeQuery(SLOW).next();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            awaitQueriesRunning();
            long cancelled = System.nanoTime();
            statement.cancel();
            Throwable failure = running.get(120, TimeUnit.SECONDS);
            assertTrue(failure != null, "a cancelled query does not answer");
            // Left alone, the query runs for tens of seconds; cancelled, it stops at once. The bound is wide on purpose.
            assertTrue(System.nanoTime() - cancelled < TimeUnit.SECONDS.toNanos(20), "the cancel did not stop the query");
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

    private static double queriesRunning() throws Exception {
        try (Response response = http.newCall(new Request.Builder().url(worker.url() + "/metrics").build()).execute()) {
            for (String line : response.body().string().split("\n")) {
                if (line.startsWith("trough_queries_running ")) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no trough_queries_running metric");
    }
}
