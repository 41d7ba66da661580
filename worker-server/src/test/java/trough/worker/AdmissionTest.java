package trough.worker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.api.QueryRequest;
import trough.core.client.BusyRetry;
import trough.core.client.QueryResponse;
import trough.core.client.WorkerClient;
import trough.core.client.WorkerException;
import trough.core.segment.SegmentId;
import trough.worker.admission.AdmissionSettings;

/** What a worker does when asked for more than it takes: 503 and 429 with Retry-After, and result limits. */
class AdmissionTest {
    @TempDir
    Path dir;

    @Test
    void slowBodiesHoldNoRunSlotAndAreAnswered408() throws Exception {
        AdmissionSettings oneAtATime = AdmissionSettings.defaults().withConcurrency(1, 0, Duration.ZERO).withBodyTimeout(Duration.ofSeconds(3));
        try (TestWorker worker = TestWorker.start(dir, config -> config.withAdmission(oneAtATime))) {
            worker.segments("kv", "CREATE TABLE kv (k TEXT, v INTEGER)", "s1");
            worker.write("s1", "INSERT INTO kv VALUES ('a', 1)");
            String body = TestWorker.queryJson("SELECT count(*) AS n FROM kv", "s1");
            List<Socket> tricklers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket socket = new Socket("127.0.0.1", worker.server.port());
                    socket.getOutputStream().write(("POST /v1/query HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 5)).getBytes(UTF_8));
                    socket.getOutputStream().flush();
                    tricklers.add(socket);
                }
                for (int second = 0; second < 2; second++) {
                    for (Socket socket : tricklers) socket.getOutputStream().write(' ');
                    TestWorker.Answer answer = worker.query("SELECT count(*) AS n FROM kv", "s1");
                    assertEquals(200, answer.status(), "others are served while bodies trickle in: " + answer);
                    Thread.sleep(1000);
                }
                assertEquals(0, worker.get("/health").json().path("requestsRunning").asLong(), "the tricklers hold no run slot");
                for (Socket socket : tricklers) {
                    socket.setSoTimeout(30_000);
                    String answer = new String(socket.getInputStream().readAllBytes(), UTF_8);
                    assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), "a body that does not arrive in time: " + answer);
                }
            } finally {
                for (Socket socket : tricklers) socket.close();
            }
            assertEquals(0, worker.get("/health").json().path("requestsRunning").asLong(), "408s free nothing they never held");
            assertEquals(200, worker.query("SELECT count(*) AS n FROM kv", "s1").status());
        }
    }

    @Test
    void aFullWorkerAnswers503WithRetryAfterAndARetryingClientGetsItsAnswerOnceThereIsRoom() throws Exception {
        AdmissionSettings oneAtATime = AdmissionSettings.defaults().withConcurrency(1, 0, Duration.ZERO);
        try (TestWorker worker = TestWorker.start(dir, config -> config.withAdmission(oneAtATime))) {
            worker.segments("kv", "CREATE TABLE kv (k TEXT, v INTEGER)", "s1");
            worker.write("s1", "INSERT INTO kv VALUES ('a', 1), ('b', 2)");
            CompletableFuture<TestWorker.Answer> endless = CompletableFuture.supplyAsync(() -> worker.send(new Request.Builder()
                    .url(worker.server.url() + "/v1/query").header("X-Trough-Query-Id", "hog")
                    .post(RequestBody.create(TestWorker.queryJson(TimeoutAndCancelTest.ENDLESS_COUNT, "s1"), MediaType.get("application/json"))).build()));
            awaitHealth(worker, "requestsRunning", 1);

            TestWorker.Answer busy = worker.query("SELECT sum(v) AS total FROM kv", "s1");
            assertEquals(503, busy.status(), busy.toString());
            assertEquals("busy", busy.error());
            assertEquals("1", busy.headers().get("Retry-After"));
            assertTrue(busy.detail().contains("the worker is busy") && busy.detail().contains("try again"), busy.detail());
            TestWorker.Answer busyWrite = worker.post("/v1/segments/s1/write", "INSERT INTO kv VALUES ('c', 3)", "application/sql");
            assertEquals(503, busyWrite.status(), "writes wait their turn too: " + busyWrite);

            OkHttpClient retrying = worker.http.newBuilder().addInterceptor(new BusyRetry(Duration.ofSeconds(30))).build();
            CompletableFuture<List<Object[]>> patient = CompletableFuture.supplyAsync(() -> {
                try {
                    return rows(WorkerClient.sharing(retrying, worker.server.url()), "SELECT sum(v) AS total FROM kv");
                } catch (WorkerException e) {
                    throw new AssertionError(e);
                }
            });
            awaitHealth(worker, "requestsRefusedBusy", 4); // the two above and at least two tries of the patient client
            assertEquals(202, worker.delete("/v1/queries/hog").status());
            assertEquals(504, endless.get(60, TimeUnit.SECONDS).status(), "the hog was cancelled");
            List<Object[]> answer = patient.get(60, TimeUnit.SECONDS);
            assertEquals(3L, answer.get(0)[0], "the retried query is answered, and the refused write changed nothing");
        }
    }

    @Test
    void aTokenOverItsRateGets429WithRetryAfterAndARetryingClientGetsThrough() throws Exception {
        AdmissionSettings twoPerSecond = AdmissionSettings.defaults().withRateLimit(2, 2);
        try (TestWorker worker = TestWorker.start(dir, config -> config.withAdmission(twoPerSecond))) {
            assertEquals(200, worker.get("/v1/segments").status());
            assertEquals(200, worker.get("/v1/segments").status());
            TestWorker.Answer limited = worker.get("/v1/segments");
            assertEquals(429, limited.status(), limited.toString());
            assertEquals("rate_limited", limited.error());
            assertEquals("1", limited.headers().get("Retry-After"));
            assertTrue(limited.detail().contains("limit of 2.0 requests per second (burst 2)"), limited.detail());
            assertEquals(200, worker.get("/health").status(), "health is not rate limited");

            OkHttpClient retrying = worker.http.newBuilder().addInterceptor(new BusyRetry(Duration.ofSeconds(30))).build();
            for (int i = 0; i < 4; i++) {
                assertTrue(WorkerClient.sharing(retrying, worker.server.url()).segments(null, false).isEmpty());
            }
        }
    }

    @Test
    void aResultOverTheRowOrByteLimitFailsSayingWhichLimit() throws Exception {
        AdmissionSettings small = AdmissionSettings.defaults().withResultLimits(10, 0);
        try (TestWorker worker = TestWorker.start(dir, config -> config.withAdmission(small))) {
            worker.segments("kv", "CREATE TABLE kv (k TEXT, v INTEGER)", "s1");
            worker.write("s1", "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) INSERT INTO kv SELECT 'k' || x, x FROM c");
            assertEquals(10, rows(worker.client(), "SELECT * FROM kv LIMIT 10").size(), "up to the limit is fine");
            WorkerException e = assertThrows(WorkerException.class, () -> rows(worker.client(), "SELECT * FROM kv"));
            assertTrue(e.getMessage().contains("limit of 10 rows per query (limits.maxResultRows)"), e.getMessage());
        }
        AdmissionSettings fewBytes = AdmissionSettings.defaults().withResultLimits(0, 64 * 1024);
        try (TestWorker worker = TestWorker.start(dir, config -> config.withAdmission(fewBytes))) {
            WorkerException e = assertThrows(WorkerException.class, () -> rows(worker.client(),
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000) SELECT x, randomblob(100) FROM c", "s1"));
            assertTrue(e.getMessage().contains("limit of 65536 bytes per query (limits.maxResultBytes)"), e.getMessage());
        }
    }

    private static List<Object[]> rows(WorkerClient client, String sql) throws WorkerException {
        return rows(client, sql, "s1");
    }

    private static List<Object[]> rows(WorkerClient client, String sql, String segment) throws WorkerException {
        try (QueryResponse response = client.query(QueryRequest.of(sql, List.of(SegmentId.of(segment))))) {
            List<Object[]> rows = new ArrayList<>();
            for (Object[] row = response.next(); row != null; row = response.next()) rows.add(row);
            return rows;
        }
    }

    private static void awaitHealth(TestWorker worker, String field, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (worker.get("/health").json().path(field).asLong() < atLeast) {
            if (System.nanoTime() > deadline) throw new AssertionError(field + " never reached " + atLeast + ": " + worker.get("/health").body());
            Thread.sleep(20);
        }
    }
}
