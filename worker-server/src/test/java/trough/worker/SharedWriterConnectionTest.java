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

/**
 * A write may change its segment's file, never the writer connection the segment's writes share: what one
 * client sends must not change what the next client's write does (docs/security.md, "The write path").
 */
class SharedWriterConnectionTest {
    TestWorker worker;

    @BeforeEach
    void start(@TempDir Path dir) {
        worker = TestWorker.start(dir, config -> config.withStorage(dir.resolve("durable").toUri()));
        worker.segments("kv", "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER)", "s1");
        worker.write("s1", "INSERT INTO kv VALUES ('a', 1)");
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TEMP TRIGGER t AFTER INSERT ON kv BEGIN UPDATE kv SET v = -1 WHERE k = new.k; END",
            "CREATE TEMPORARY TRIGGER t AFTER INSERT ON kv BEGIN UPDATE kv SET v = -1 WHERE k = new.k; END",
            "CREATE TRIGGER temp.t AFTER INSERT ON kv BEGIN UPDATE kv SET v = -1 WHERE k = new.k; END",
            "/* trigger */ CREATE TEMP TRIGGER IF NOT EXISTS \"t\" AFTER INSERT ON main.kv BEGIN UPDATE kv SET v = -1; END",
            "INSERT INTO kv VALUES ('b', 2); CREATE TEMP TRIGGER t AFTER INSERT ON kv BEGIN UPDATE kv SET v = -1; END"})
    void aTempTriggerIsRefusedAndTheNextClientsInsertStoresItsValue(String trigger) {
        String before = worker.digest("s1");
        TestWorker.Answer refused = worker.post("/v1/segments/s1/write", trigger, "application/sql");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("changes_connection", refused.error());
        assertTrue(refused.detail().contains("TEMP"), refused.detail());
        assertEquals(before, worker.digest("s1"), "a refused write changes nothing, its other statements included");

        worker.write("s1", "INSERT INTO kv VALUES ('x', 42)");
        assertEquals("[{\"v\":42}]", worker.query("SELECT v FROM kv WHERE k = 'x'", "s1").body().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TEMP VIEW v AS SELECT * FROM kv", "CREATE TEMP TABLE t (x)", "CREATE TABLE temp.t (x)",
            "ATTACH DATABASE 'other.sqlite' AS other", "DETACH DATABASE main"})
    void otherConnectionObjectsAreRefused(String sql) {
        String before = worker.digest("s1");
        TestWorker.Answer refused = worker.post("/v1/segments/s1/write", sql, "application/sql");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("changes_connection", refused.error());
        assertEquals(before, worker.digest("s1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PRAGMA writable_schema = 1; UPDATE sqlite_schema SET sql = 'CREATE TABLE kv (broken' WHERE name = 'kv'",
            "PRAGMA writable_schema = ON", "pragma main.writable_schema=1", "/* x */ PRAGMA trusted_schema = 1", "PRAGMA \"writable_schema\" = 1",
            "PRAGMA recursive_triggers = 1", "PRAGMA foreign_keys = OFF", "PRAGMA case_sensitive_like = 1", "PRAGMA synchronous = OFF",
            "PRAGMA/**/writable_schema = 1"})
    void pragmasThatChangeTheConnectionAreRefusedAndListingsAndPromotionStillWork(String sql) {
        String before = worker.digest("s1");
        TestWorker.Answer refused = worker.post("/v1/segments/s1/write", sql, "application/sql");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("changes_connection", refused.error());
        assertTrue(refused.detail().contains("PRAGMA"), refused.detail());
        assertEquals(before, worker.digest("s1"));

        TestWorker.Answer schemaEdit = worker.post("/v1/segments/s1/write", "UPDATE sqlite_schema SET sql = 'CREATE TABLE kv (broken' WHERE name = 'kv'",
                "application/sql");
        assertEquals(400, schemaEdit.status(), "without writable_schema SQLite refuses it: " + schemaEdit);
        assertEquals(200, worker.get("/v1/segments?rows=true").status());
        assertEquals(200, worker.get("/v1/segments/s1?rows=true").status());
        assertEquals(200, worker.post("/v1/segments/s1/promote", "", "application/json").status());
        worker.write("s1", "INSERT INTO kv VALUES ('x', 42)");
        assertEquals(2, worker.count("s1", "kv"));
    }

    @Test
    void pragmasThatOnlyReadMayRun() {
        TestWorker.Answer answer = worker.post("/v1/segments/s1/write", "PRAGMA table_info(kv); PRAGMA main.index_list('kv'); INSERT INTO kv VALUES ('b', 2)",
                "application/sql");
        assertEquals(200, answer.status(), answer.toString());
        assertEquals(2, worker.count("s1", "kv"));
    }
}
