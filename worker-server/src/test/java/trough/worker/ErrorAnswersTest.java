package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trough.core.client.WorkerException;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorAnswersTest {
    TestWorker worker;

    @BeforeAll
    void start(@TempDir Path dir) {
        worker = TestWorker.start(dir);
        worker.segments("kv", "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER)", "s1");
    }

    @AfterAll
    void stop() {
        worker.close();
    }

    @Test
    void anUnknownSegmentIs404NamingIt() {
        for (TestWorker.Answer answer : new TestWorker.Answer[] {
                worker.query("SELECT 1", "s1", "ghost"),
                worker.post("/?segment=ghost", "SELECT 1", "application/sql"),
                worker.get("/v1/segments/ghost"),
                worker.delete("/v1/segments/ghost"),
                worker.delete("/segment/ghost")}) {
            assertEquals(404, answer.status(), answer.toString());
            assertEquals("ghost", answer.json().get("segment").asText(), answer.toString());
            assertTrue(answer.detail().contains("ghost"), answer.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "", "a/b", "with space"})
    void aMalformedSegmentIdIs400WithTheRule(String id) {
        TestWorker.Answer answer = worker.query("SELECT 1", id);
        assertEquals(400, answer.status(), answer.toString());
        assertEquals("bad_segment_id", answer.error());
        assertTrue(answer.detail().contains(SegmentId.RULE), answer.detail());
        TestWorker.Answer original = worker.post("/?segment=" + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8),
                "SELECT 1", "application/sql");
        assertEquals(400, original.status(), original.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"../x\"", "\"\"", "\"a/b\"", "null"})
    void aProvisionBodyWithAMalformedOrMissingIdIs400WithTheRuleAndCreatesNothing(String id) {
        String segments = worker.get("/v1/segments").body();
        TestWorker.Answer answer = worker.post("/v1/segments", "{\"segment\": " + id + ", \"schema\": \"kv\"}", "application/json");
        assertEquals(400, answer.status(), answer.toString());
        assertEquals("bad_segment_id", answer.error(), answer.toString());
        assertTrue(answer.detail().contains(SegmentId.RULE), answer.detail());
        assertEquals(segments, worker.get("/v1/segments").body(), "no segment was created");
    }

    @Test
    void aTwoHundredCharacterIdIs400() {
        String id = "x".repeat(200);
        TestWorker.Answer answer = worker.query("SELECT 1", id);
        assertEquals(400, answer.status());
        assertTrue(answer.detail().contains("200 chars"), answer.detail());
        assertEquals(400, worker.post("/v1/segments/" + id + "/write", "INSERT INTO kv VALUES ('a', 1)", "application/sql").status());
        assertEquals(400, worker.post("/v1/segments", "{\"segment\": \"" + id + "\", \"schema\": \"kv\"}", "application/json").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"%2E", "%2E%2E", ".", ".."})
    void schemaNamesDotAndDotDotAre400WithTheRule(String name) throws Exception {
        for (String request : new String[] {"PUT /v1/schemas/" + name + " HTTP/1.1\r\n", "PUT /schema/" + name + "/sql HTTP/1.1\r\n"}) {
            RawHttp answer = RawHttp.send(worker.server.port(), request
                    + "Host: 127.0.0.1\r\nConnection: close\r\nContent-Length: 17\r\n\r\nCREATE TABLE t(a)");
            assertEquals(400, answer.status(), request + answer);
            assertTrue(answer.body().contains(SchemaDefinition.NAME_RULE), answer.body());
        }
        assertEquals("[\"kv\"]", worker.get("/schema").body());
    }

    @Test
    void badDdlIs400WithSqlitesMessageAndNothingIsStored() {
        TestWorker.Answer answer = worker.put("/v1/schemas/broken", "CREATE TABLE t (a INTEGER,, b)");
        assertEquals(400, answer.status(), answer.toString());
        assertTrue(answer.detail().contains("syntax error"), answer.detail());
        assertEquals(404, worker.get("/v1/schemas/broken").status());
        TestWorker.Answer original = worker.put("/schema/broken/sql", "CREATE TABLE (");
        assertEquals(400, original.status());
        assertTrue(original.body().contains("failed validation"), original.body());
    }

    @Test
    void wrongSqlIs400WithSqlitesMessage() {
        TestWorker.Answer answer = worker.query("SELECT nope FROM kv", "s1");
        assertEquals(400, answer.status());
        assertEquals("s1", answer.json().get("segment").asText());
        assertTrue(answer.detail().contains("no such column: nope"), answer.detail());
    }

    @Test
    void malformedJsonIs400() {
        TestWorker.Answer answer = worker.post("/v1/query", "{\"sql\": ", "application/json");
        assertEquals(400, answer.status());
        assertEquals("bad_json", answer.error());
        assertEquals(400, worker.post("/v1/query", "{\"sql\": \"SELECT 1\"}", "application/json").status());
    }

    @Test
    void anUnknownEndpointIsAJson404() {
        TestWorker.Answer answer = worker.get("/v2/anything");
        assertEquals(404, answer.status());
        assertEquals("no_such_endpoint", answer.error());
    }

    @Test
    void theClientsErrorsNameTheWorkerAndTheSegment() {
        WorkerException e = org.junit.jupiter.api.Assertions.assertThrows(WorkerException.class,
                () -> worker.client().write(SegmentId.of("ghost"), "INSERT INTO kv VALUES (1, 2)"));
        assertEquals(404, e.status());
        assertEquals("ghost", e.segment());
        assertTrue(e.getMessage().startsWith("worker " + worker.server.url() + ", segment ghost: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("(HTTP 404)"), e.getMessage());
    }

    @Test
    void anUnreachableWorkerIsNamedWithWhatToCheck() throws Exception {
        int freePort;
        try (var socket = new java.net.ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        var client = trough.core.client.WorkerClient.sharing(worker.http, "http://127.0.0.1:" + freePort);
        WorkerException e = org.junit.jupiter.api.Assertions.assertThrows(WorkerException.class, client::health);
        assertEquals(0, e.status());
        assertTrue(e.isRetryableElsewhere());
        assertTrue(e.getMessage().contains("127.0.0.1:" + freePort) && e.getMessage().contains("check that it runs"), e.getMessage());
    }
}
