package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WritePathTest {
    TestWorker worker;

    @BeforeEach
    void start(@TempDir Path dir) {
        worker = TestWorker.start(dir, config -> config.withMaxBodyBytes(64 * 1024));
        worker.segments("kv", "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL)", "s1");
        worker.write("s1", "INSERT INTO kv VALUES ('a', 1), ('b', 2)");
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    @Test
    void aWriteCommitsAndCountsTheRowsItChanged() {
        TestWorker.Answer answer = worker.post("/v1/segments/s1/write",
                "INSERT INTO kv VALUES ('c', 3); UPDATE kv SET v = v * 10 WHERE k IN ('a', 'b'); DELETE FROM kv WHERE k = 'zzz';", "application/sql");
        assertEquals(200, answer.status(), answer.toString());
        assertEquals(3, answer.json().get("statements").asInt());
        assertEquals(3, answer.json().get("rowsChanged").asLong());
        assertEquals("[{\"k\":\"a\",\"v\":10},{\"k\":\"b\",\"v\":20},{\"k\":\"c\",\"v\":3}]",
                worker.query("SELECT * FROM kv ORDER BY k", "s1").body().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO kv VALUES ('x', 1); UPDATE kv SET v = 0; INSERT INTO kv VALUES ('a', 9)",
            "INSERT INTO kv VALUES ('x', 1); DELETE FROM kv; INSERT INTO kv VALUES ('y', NULL)",
            "INSERT INTO kv VALUES ('x', 1); DELETE FROM kv; INSERT INTO nowhere VALUES (1)",
            "INSERT INTO kv VALUES ('x', 1); DELETE FROM kv; THIS IS NOT SQL",
    })
    void aWriteWhoseLastStatementFailsLeavesNoTrace(String body) {
        String before = worker.query("SELECT * FROM kv ORDER BY k", "s1").body();
        TestWorker.Answer answer = worker.post("/v1/segments/s1/write", body, "application/sql");
        assertTrue(answer.status() == 400 || answer.status() == 409, answer.toString());
        assertEquals("s1", answer.json().get("segment").asText());
        assertTrue(answer.detail().startsWith("nothing was written to segment s1: "), answer.detail());
        assertEquals(before, worker.query("SELECT * FROM kv ORDER BY k", "s1").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMMIT", "ROLLBACK", "BEGIN", "END", "SAVEPOINT x", "RELEASE x"})
    void transactionControlIsRefusedBecauseEachRequestIsOneTransaction(String control) {
        String before = worker.digest("s1");
        TestWorker.Answer answer = worker.post("/v1/segments/s1/write", "INSERT INTO kv VALUES ('x', 1); " + control + "; INSERT INTO kv VALUES ('a', 1)", "application/sql");
        assertEquals(400, answer.status(), answer.toString());
        assertEquals("transaction_control", answer.error());
        assertEquals(before, worker.digest("s1"));
        assertEquals(2, worker.count("s1", "kv"));
    }

    @Test
    void sqliteJdbcFileCommandsAreNotInterpreted(@TempDir Path elsewhere) {
        Path target = elsewhere.resolve("stolen.sqlite");
        TestWorker.Answer answer = worker.post("/v1/segments/s1/write", "backup to " + target, "application/sql");
        assertEquals(400, answer.status(), answer.toString());
        assertTrue(java.nio.file.Files.notExists(target));
    }

    @Test
    void anOversizedBodyIsRefusedWith413AndChangesNothing() {
        String before = worker.digest("s1");
        StringBuilder big = new StringBuilder();
        while (big.length() <= 64 * 1024) big.append("INSERT INTO kv VALUES ('k").append(big.length()).append("', 1);");
        TestWorker.Answer answer = worker.post("/v1/segments/s1/write", big.toString(), "application/sql");
        assertEquals(413, answer.status(), answer.toString());
        assertEquals("body_too_large", answer.error());
        assertTrue(answer.detail().contains("at most 65536 bytes"), answer.detail());
        assertEquals(before, worker.digest("s1"));
        assertEquals(2, worker.count("s1", "kv"));
    }

    @Test
    void aWriteToAnUnknownSegmentSaysHowToCreateIt() {
        TestWorker.Answer answer = worker.post("/v1/segments/nope/write", "INSERT INTO kv VALUES ('x', 1)", "application/sql");
        assertEquals(404, answer.status());
        assertEquals("nope", answer.json().get("segment").asText());
        assertTrue(answer.detail().contains("POST /v1/segments"), answer.detail());
    }

    @Test
    void insertReturningInsertsItsRows() {
        TestWorker.Answer answer = worker.post("/v1/segments/s1/write", "INSERT INTO kv VALUES ('r', 5) RETURNING k", "application/sql");
        assertEquals(200, answer.status(), answer.toString());
        assertEquals(3, worker.count("s1", "kv"));
    }
}
