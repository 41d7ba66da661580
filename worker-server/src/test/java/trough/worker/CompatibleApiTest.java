package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The original Python Trough's endpoints, with the codes its clients expect. */
class CompatibleApiTest {
    TestWorker worker;

    @BeforeEach
    void start(@TempDir Path dir) {
        worker = TestWorker.start(dir);
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    @Test
    void schemaEndpointsCreateUpdateAndServeSchemas() {
        assertEquals(201, worker.put("/schema/kv/sql", "CREATE TABLE kv (k TEXT, v INTEGER)").status());
        assertEquals(204, worker.put("/schema/kv/sql", "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER)").status());
        assertEquals("CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER)", worker.get("/schema/kv/sql").body());
        assertEquals(201, worker.send(new Request.Builder().url(worker.server.url() + "/schema/other")
                .put(RequestBody.create("{\"id\": \"other\", \"sql\": \"CREATE TABLE o (x)\"}", MediaType.get("application/json"))).build()).status());
        TestWorker.Answer mismatch = worker.send(new Request.Builder().url(worker.server.url() + "/schema/other")
                .put(RequestBody.create("{\"id\": \"else\", \"sql\": \"CREATE TABLE o (x)\"}", MediaType.get("application/json"))).build());
        assertEquals(400, mismatch.status());
        assertTrue(mismatch.detail().contains("does not match"), mismatch.body());
        assertEquals("[\"kv\",\"other\"]", worker.get("/schema").body());
        assertEquals("other", worker.get("/schema/other").json().get("id").asText());
        assertEquals(404, worker.get("/schema/missing").status());
    }

    @Test
    void provisionWriteReadAndDeleteLikeTheOriginal() {
        worker.put("/schema/kv/sql", "CREATE TABLE kv (k TEXT, v INTEGER)");
        TestWorker.Answer provision = worker.post("/provision", "{\"segment\": \"job-1\", \"schema\": \"kv\"}", "application/json");
        assertEquals(200, provision.status(), provision.toString());
        String writeUrl = provision.json().get("write_url").asText();
        assertEquals(worker.server.url() + "/write?segment=job-1", writeUrl);
        assertEquals("kv", provision.json().get("schema").asText());

        TestWorker.Answer write = worker.send(new Request.Builder().url(writeUrl)
                .post(RequestBody.create("INSERT INTO kv VALUES ('a', 1); INSERT INTO kv VALUES ('b', NULL)", MediaType.get("application/sql"))).build());
        assertEquals(200, write.status());
        assertEquals("OK\n", write.body());

        TestWorker.Answer read = worker.post("/?segment=job-1", "SELECT * FROM kv ORDER BY k", "application/sql");
        assertEquals(200, read.status());
        assertEquals("application/json", read.contentType());
        assertEquals("[{\"k\":\"a\",\"v\":1},{\"k\":\"b\",\"v\":null}]", read.body().strip());

        assertEquals(204, worker.delete("/segment/job-1").status());
        assertEquals(404, worker.delete("/segment/job-1").status());
        assertEquals(404, worker.post("/?segment=job-1", "SELECT 1", "application/sql").status());
    }

    @Test
    void theSegmentCanComeFromTheHostHeader() {
        worker.segments("kv", "CREATE TABLE kv (k TEXT, v INTEGER)", "job-7");
        worker.write("job-7", "INSERT INTO kv VALUES ('h', 7)");
        TestWorker.Answer read = worker.send(new Request.Builder().url(worker.server.url() + "/")
                .header("Host", "job-7.trough-read.example:6444")
                .post(RequestBody.create("SELECT v FROM kv", MediaType.get("application/sql"))).build());
        assertEquals(200, read.status(), read.toString());
        assertEquals("[{\"v\":7}]", read.body().strip());
    }

    @Test
    void promoteWithoutDurableStorageSaysHowToConfigureIt() {
        worker.segments("kv", "CREATE TABLE kv (k TEXT, v INTEGER)", "job-1");
        TestWorker.Answer answer = worker.post("/promote", "{\"segment\": \"job-1\"}", "application/json");
        assertEquals(409, answer.status());
        assertEquals("no_storage", answer.error());
        assertTrue(answer.detail().contains("set 'storage' in its config"), answer.detail());
        assertEquals(400, worker.post("/promote", "{\"seg\": \"job-1\"}", "application/json").status());
    }

    @Test
    void provisionWithAnUnknownSchemaIs404NotA500() {
        TestWorker.Answer answer = worker.post("/provision", "{\"segment\": \"job-1\", \"schema\": \"nope\"}", "application/json");
        assertEquals(404, answer.status());
        assertTrue(answer.detail().contains("PUT /v1/schemas/nope"), answer.detail());
        assertEquals(400, worker.post("/provision", "{\"schema\": \"nope\"}", "application/json").status());
    }
}
