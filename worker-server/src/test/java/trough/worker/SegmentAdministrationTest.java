package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

class SegmentAdministrationTest {
    TestWorker worker;

    @BeforeEach
    void start(@TempDir Path dir) {
        worker = TestWorker.start(dir);
        worker.segments("logs", "CREATE TABLE a (x); CREATE TABLE b (y)", "job-1", "job-2", "other");
        worker.write("job-1", "INSERT INTO a VALUES (1), (2); INSERT INTO b VALUES (3)");
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    @Test
    void listsSegmentsByPrefixWithSchemaSizeAndRowCountsOnRequest() {
        JsonNode listed = worker.get("/v1/segments?prefix=job-&rows=true").json();
        assertEquals(2, listed.size());
        JsonNode first = listed.get(0);
        assertEquals("job-1", first.get("id").asText());
        assertEquals("logs", first.get("schema").asText());
        assertTrue(first.get("sizeBytes").asLong() > 0);
        assertEquals(2, first.get("rows").get("a").asLong());
        assertEquals(1, first.get("rows").get("b").asLong());
        assertTrue(worker.get("/v1/segments").json().get(0).get("rows").isNull(), "row counts only on request");
        assertEquals(3, worker.get("/v1/segments").json().size());
    }

    @Test
    void provisioningTwiceIsHarmlessButAnotherSchemaIsAConflict() {
        assertEquals(200, worker.post("/v1/segments", "{\"segment\": \"job-1\", \"schema\": \"logs\"}", "application/json").status());
        assertEquals(2, worker.count("job-1", "a"));
        worker.put("/v1/schemas/other", "CREATE TABLE z (q)");
        TestWorker.Answer conflict = worker.post("/v1/segments", "{\"segment\": \"job-1\", \"schema\": \"other\"}", "application/json");
        assertEquals(409, conflict.status());
        assertTrue(conflict.detail().contains("'logs'"), conflict.detail());
    }

    @Test
    void deletingASegmentRemovesItsFilesAndRegistryEntry() {
        assertEquals(200, worker.query("SELECT * FROM a", "job-1").status()); // leaves pooled connections behind
        assertEquals(204, worker.delete("/v1/segments/job-1").status());
        assertFalse(Files.exists(worker.dataDir.resolve("job-1.sqlite")));
        assertFalse(Files.exists(worker.dataDir.resolve("job-1.sqlite-wal")));
        assertTrue(worker.registry.segment(trough.core.segment.SegmentId.of("job-1")).isEmpty());
        assertEquals(404, worker.query("SELECT * FROM a", "job-1").status());
        // Provisioned again, it is a new, empty segment: no pooled connection to the old file is reused.
        worker.segments("logs", "CREATE TABLE a (x); CREATE TABLE b (y)", "job-1");
        assertEquals(0, worker.count("job-1", "a"));
    }

    @Test
    void aSchemaInUseCannotBeDeleted() {
        TestWorker.Answer inUse = worker.delete("/v1/schemas/logs");
        assertEquals(409, inUse.status());
        assertTrue(inUse.detail().contains("3 segment(s)"), inUse.detail());
        worker.put("/v1/schemas/spare", "CREATE TABLE s (x)");
        assertEquals(204, worker.delete("/v1/schemas/spare").status());
        assertEquals(404, worker.delete("/v1/schemas/spare").status());
    }

    @Test
    void aSchemaDeclaresItsSegmentKeyInTheQueryOrAsJsonAndTheClusterMapCarriesIt() {
        String ddl = "CREATE TABLE crawl (url TEXT, crawl_job_id INTEGER)";
        TestWorker.Answer byQuery = worker.put("/v1/schemas/crawl?segmentKey=crawl_job_id&segmentPattern=crawl-job-%7Bcrawl_job_id%7D", ddl);
        assertEquals(201, byQuery.status(), byQuery.toString());
        assertEquals("crawl-job-{crawl_job_id}", byQuery.json().get("segmentKey").get("pattern").asText());

        // What GET answers can be PUT back as JSON; a pattern left out makes the value itself the segment id.
        String json = "{\"sql\": \"" + ddl + "\", \"segmentKey\": {\"column\": \"crawl_job_id\"}}";
        TestWorker.Answer byJson = worker.send(new okhttp3.Request.Builder().url(worker.server.url() + "/v1/schemas/crawl")
                .put(okhttp3.RequestBody.create(json, okhttp3.MediaType.get("application/json"))).build());
        assertEquals(200, byJson.status(), byJson.toString());
        assertEquals("{crawl_job_id}", worker.get("/v1/schemas/crawl").json().get("segmentKey").get("pattern").asText());
        JsonNode mapped = worker.get("/v1/cluster").json().get("schemas");
        JsonNode crawl = mapped.get(0).get("name").asText().equals("crawl") ? mapped.get(0) : mapped.get(1);
        assertEquals("crawl_job_id", crawl.get("segmentKey").get("column").asText());

        assertEquals(200, worker.put("/v1/schemas/crawl", ddl).status(), "the plain DDL PUT still works");
        assertTrue(worker.get("/v1/schemas/crawl").json().path("segmentKey").isMissingNode(), "and replaces the key with none");

        TestWorker.Answer noColumn = worker.put("/v1/schemas/crawl?segmentKey=job", ddl);
        assertEquals(400, noColumn.status());
        assertEquals("schema 'crawl' declares segment key job, but none of its tables [crawl] has that column", noColumn.detail());
        TestWorker.Answer badPattern = worker.put("/v1/schemas/crawl?segmentKey=crawl_job_id&segmentPattern=jobs/%7Bcrawl_job_id%7D", ddl);
        assertEquals(400, badPattern.status());
        assertEquals("bad_segment_key", badPattern.error());
        assertTrue(badPattern.detail().startsWith("invalid segment pattern 'jobs/{crawl_job_id}' for key column crawl_job_id"), badPattern.detail());
        assertEquals(400, worker.put("/v1/schemas/crawl?segmentPattern=x-%7Bcrawl_job_id%7D", ddl).status());
        assertTrue(worker.get("/v1/schemas/crawl").json().path("segmentKey").isMissingNode(), "a refused PUT changes nothing");
    }

    @Test
    void segmentFilesDroppedIntoTheDataDirectoryAreServedAndRegistered() throws Exception {
        try (Connection connection = SqliteConnections.openReadWrite(worker.dataDir.resolve("dropped.sqlite"));
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE t (x); INSERT INTO t VALUES (42)");
        }
        assertEquals(1, worker.server.catalog().registerLocalFiles().registered());
        assertEquals("[{\"x\":42}]", worker.query("SELECT x FROM t", "dropped").body().strip());
        assertEquals("t", worker.registry.segment(trough.core.segment.SegmentId.of("dropped")).orElseThrow().schema());
    }

    @Test
    void filesWithoutASchemaGetOneDerivedFromTheirDdlSharedByFilesWithTheSameDdl() throws Exception {
        worker.put("/v1/schemas/t", "CREATE TABLE t (other)"); // the name a file with table t would get is taken
        String[][] files = {{"same-1", "CREATE TABLE t (x INTEGER); CREATE INDEX t_x ON t (x)"}, {"same-2", "CREATE TABLE t (x INTEGER); CREATE INDEX t_x ON t (x)"},
            {"like-logs", "CREATE TABLE a (x); CREATE TABLE b (y)"}, {"empty", null}};
        for (String[] file : files) {
            try (Connection connection = SqliteConnections.openReadWrite(worker.dataDir.resolve(file[0] + ".sqlite"));
                 Statement statement = connection.createStatement()) {
                if (file[1] != null) statement.executeUpdate(file[1]);
            }
        }
        Files.writeString(worker.dataDir.resolve("notes.sqlite"), "not a database, only named like one\n".repeat(100));

        var found = worker.server.catalog().registerLocalFiles();
        assertEquals(3, found.registered());
        assertEquals(2, found.skipped().size(), found.toString());
        assertTrue(found.skipped().get(0).startsWith(worker.dataDir.resolve("empty.sqlite") + ": a SQLite database without tables"), found.toString());
        assertTrue(found.skipped().get(1).startsWith(worker.dataDir.resolve("notes.sqlite") + ": not a SQLite database"), found.toString());
        assertEquals("t-2", schemaOf("same-1"));
        assertEquals("t-2", schemaOf("same-2"));
        assertEquals("CREATE TABLE t (x INTEGER);\nCREATE INDEX t_x ON t (x)", worker.registry.schema("t-2").orElseThrow().sql());
        assertEquals("logs", schemaOf("like-logs"), "the DDL of a registered schema: that schema");
        assertTrue(worker.registry.segment(trough.core.segment.SegmentId.of("notes")).isEmpty());
        assertEquals(0, worker.server.catalog().registerLocalFiles().registered(), "registered once");
    }

    private String schemaOf(String segment) {
        return worker.registry.segment(trough.core.segment.SegmentId.of(segment)).orElseThrow().schema();
    }

    @Test
    void connectionsArePooledNotOpenedPerRequest() {
        for (int i = 0; i < 50; i++) assertEquals(200, worker.query("SELECT count(*) FROM a", "job-1").status());
        double open = metric("trough_open_segment_connections");
        assertTrue(open >= 1 && open <= 3, "open connections after 50 sequential reads: " + open);
    }

    @Test
    void aSegmentIsMarkedColdOrHot() {
        worker.segments("kv", "CREATE TABLE kv (k TEXT)", "archive-me");
        TestWorker.Answer cold = worker.send(new okhttp3.Request.Builder().url(worker.server.url() + "/v1/segments/archive-me/tier")
                .put(okhttp3.RequestBody.create(" COLD\n", okhttp3.MediaType.get("text/plain"))).build());
        assertEquals(200, cold.status(), cold.toString());
        assertEquals("archive-me", cold.json().get("segment").asText());
        assertEquals("cold", cold.json().get("tier").asText());
        assertEquals(trough.core.registry.Tier.COLD, worker.registry.segment(trough.core.segment.SegmentId.of("archive-me")).orElseThrow().tier());
        TestWorker.Answer bad = worker.send(new okhttp3.Request.Builder().url(worker.server.url() + "/v1/segments/archive-me/tier")
                .put(okhttp3.RequestBody.create("lukewarm", okhttp3.MediaType.get("text/plain"))).build());
        assertEquals(400, bad.status());
        assertEquals("the body must be hot or cold, not 'lukewarm'", bad.detail());
        TestWorker.Answer unknown = worker.send(new okhttp3.Request.Builder().url(worker.server.url() + "/v1/segments/nope/tier")
                .put(okhttp3.RequestBody.create("hot", okhttp3.MediaType.get("text/plain"))).build());
        assertEquals(404, unknown.status());
        assertEquals(trough.core.registry.Tier.COLD, worker.registry.segment(trough.core.segment.SegmentId.of("archive-me")).orElseThrow().tier(),
                "a refused request changes nothing");
    }

    @Test
    void healthAndMetricsAnswer() {
        JsonNode health = worker.get("/health").json();
        assertEquals("ok", health.get("status").asText());
        assertEquals(3, health.get("segments").asInt());
        worker.query("SELECT * FROM a", "job-1");
        String metrics = worker.get("/metrics").body();
        assertTrue(metrics.contains("trough_requests_total{endpoint=\"POST /v1/query\",status=\"200\"}"), metrics);
        assertTrue(metrics.contains("trough_request_duration_seconds_bucket"), metrics);
        assertTrue(metric("trough_rows_returned_total") >= 2);
        assertTrue(metric("trough_query_bytes_sent_total") > 0);
        assertTrue(metric("trough_rows_written_total") >= 3);
    }

    private double metric(String name) {
        for (String line : worker.get("/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
        }
        throw new AssertionError("no metric " + name);
    }
}
