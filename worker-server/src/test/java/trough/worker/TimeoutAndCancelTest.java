package trough.worker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeoutAndCancelTest {
    /** Counts forever: only an interrupt inside SQLite stops it. */
    static final String ENDLESS_COUNT = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";
    /** Streams rows forever. */
    static final String ENDLESS_ROWS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, randomblob(200) FROM c";

    TestWorker worker;

    @BeforeEach
    void start(@TempDir Path dir) {
        worker = TestWorker.start(dir, config -> config.withQueryTimeout(Duration.ofMinutes(2)));
        worker.segments("kv", "CREATE TABLE kv (k TEXT, v INTEGER)", "s1", "s2");
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    @Test
    void aQueryOverItsTimeoutIsInterruptedAndAnswers504NamingTheSegment() {
        long started = System.nanoTime();
        TestWorker.Answer answer = worker.post("/v1/query",
                "{\"sql\": \"" + ENDLESS_COUNT + "\", \"segments\": [\"s1\"], \"timeoutMillis\": 300}", "application/json");
        assertEquals(504, answer.status(), answer.toString());
        assertEquals("timeout", answer.error());
        assertEquals("s1", answer.json().get("segment").asText());
        assertTrue(answer.detail().contains("300 ms") && answer.detail().contains("s1"), answer.detail());
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60));
        awaitNoQueryRunning();
    }

    /** One segment runs on the request's own thread, two on the query pool: a cancel stops either. */
    @ParameterizedTest
    @ValueSource(strings = {"s1", "s1,s2"})
    void theClientsCancelStopsTheQueryOnTheServer(String segments) throws Exception {
        CompletableFuture<TestWorker.Answer> pending = CompletableFuture.supplyAsync(() -> worker.send(new Request.Builder()
                .url(worker.server.url() + "/v1/query").header("X-Trough-Query-Id", "q-42")
                .post(RequestBody.create(TestWorker.queryJson(ENDLESS_COUNT, segments.split(",")), MediaType.get("application/json"))).build()));
        awaitQueriesRunning(1);
        Thread.sleep(300); // into SQLite's endless count, most likely: the query is listed before its scan starts
        TestWorker.Answer cancel = worker.delete("/v1/queries/q-42");
        assertEquals(202, cancel.status(), cancel.toString());
        TestWorker.Answer answer = pending.get(60, TimeUnit.SECONDS);
        assertEquals(504, answer.status(), answer.toString());
        assertTrue(answer.detail().contains("cancelled by the client"), answer.detail());
        awaitNoQueryRunning();
        assertEquals(404, worker.delete("/v1/queries/q-42").status());
        assertEquals(200, worker.query("SELECT count(*) FROM kv", "s1").status(), "the cancelled segment answers again");
    }

    @Test
    void aClientThatGoesAwayMidStreamStopsTheQuery() throws Exception {
        Request request = new Request.Builder().url(worker.server.url() + "/v1/query")
                .header("Accept", "application/vnd.trough.rows")
                .post(RequestBody.create(TestWorker.queryJson(ENDLESS_ROWS, "s1"), MediaType.get("application/json"))).build();
        try (Response response = worker.http.newCall(request).execute(); InputStream body = response.body().byteStream()) {
            assertEquals(200, response.code());
            assertTrue(body.readNBytes(1 << 20).length == 1 << 20, "rows stream");
            assertEquals(1, queriesRunning());
        }
        awaitNoQueryRunning();
    }

    @Test
    void aWriteOverItsTimeoutIsRolledBack(@TempDir Path dir) {
        try (TestWorker slow = TestWorker.start(dir, config -> config.withQueryTimeout(Duration.ofMillis(300)))) {
            slow.segments("kv", "CREATE TABLE kv (k TEXT, v INTEGER)", "w");
            TestWorker.Answer answer = slow.post("/v1/segments/w/write", "INSERT INTO kv VALUES ('a', 1); "
                    + "INSERT INTO kv SELECT 'x', x FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c)",
                    "application/sql");
            assertEquals(504, answer.status(), answer.toString());
            assertTrue(answer.detail().startsWith("nothing was written to segment w"), answer.detail());
            // The WAL may keep frames of the rolled-back transaction; SQLite ignores them, so the data is what counts.
            assertEquals(0, slow.count("w", "kv"));
            slow.write("w", "INSERT INTO kv VALUES ('after', 2)");
            assertEquals(1, slow.count("w", "kv"));
        }
    }

    @Test
    void aClientThatGoesAwayBeforeTheFirstRowStopsItsQueryWithinSeconds() throws Exception {
        String body = TestWorker.queryJson(ENDLESS_COUNT, "s1");
        for (String endpoint : new String[] {"/v1/query", "/?segment=s1"}) {
            String request = endpoint.equals("/v1/query")
                    ? "POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                    : "POST /?segment=s1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + ENDLESS_COUNT.length() + "\r\n\r\n" + ENDLESS_COUNT;
            try (Socket client = new Socket("127.0.0.1", worker.server.port())) {
                client.getOutputStream().write(request.getBytes(UTF_8));
                client.getOutputStream().flush();
                awaitQueriesRunning(1);
            }
            long gone = System.nanoTime();
            awaitNoQueryRunning();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - gone);
            // The query would run for the worker's 2-minute timeout; noticed, it stops at once (seconds at most on a busy machine).
            assertTrue(millis < 30_000, endpoint + ": the query ran on " + millis + " ms after its client went away");
        }
        assertEquals(200, worker.query("SELECT 1 AS one", "s1").status());
    }

    private long queriesRunning() {
        for (String line : worker.get("/metrics").body().split("\n")) {
            if (line.startsWith("trough_queries_running ")) return (long) Double.parseDouble(line.split(" ")[1]);
        }
        throw new AssertionError("no trough_queries_running in /metrics");
    }

    private void awaitQueriesRunning(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (queriesRunning() != expected) {
            if (System.nanoTime() > deadline) throw new AssertionError("queries running never reached " + expected);
            Thread.sleep(20);
        }
    }

    private void awaitNoQueryRunning() {
        try {
            awaitQueriesRunning(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
