package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadPathTest {
    TestWorker worker;
    String digest;

    @BeforeAll
    void start(@TempDir Path dir) {
        worker = TestWorker.start(dir);
        worker.segments("logs", "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); CREATE INDEX t_name ON t(name);", "s1");
        worker.write("s1", "INSERT INTO t (name) VALUES ('a'), ('b'), ('c')");
        digest = worker.digest("s1");
    }

    @AfterAll
    void stop() {
        worker.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO t (name) VALUES ('x')",
            "UPDATE t SET name = 'x'",
            "DELETE FROM t",
            "REPLACE INTO t (id, name) VALUES (1, 'x')",
            "CREATE TABLE u (x)",
            "CREATE TEMP VIEW v AS SELECT 1",
            "DROP TABLE t",
            "DROP INDEX t_name",
            "ALTER TABLE t RENAME TO gone",
            "ATTACH DATABASE ':memory:' AS other",
            "DETACH DATABASE main",
            "VACUUM",
            "VACUUM INTO '/tmp/trough-vacuum-copy.sqlite'",
            "REINDEX",
            "ANALYZE",
            "PRAGMA user_version = 7",
            "PRAGMA journal_mode = DELETE",
            "PRAGMA query_only = 0",
            "PRAGMA case_sensitive_like = 1",
            "WITH doomed AS (SELECT 1) DELETE FROM t",
            "WITH fresh AS (SELECT 'x') INSERT INTO t (name) SELECT * FROM fresh",
            "WITH r AS (SELECT 1) UPDATE t SET name = 'x'",
            "SELECT load_extension('/tmp/anything.so')",
            "SELECT 1; DELETE FROM t",
            "SELECT * FROM t; SELECT * FROM t",
            "/* hidden */ DELETE FROM t",
            "BEGIN; DELETE FROM t; COMMIT",
    })
    void readPathRefusesEveryWritingStatementAndTheFileStaysByteIdentical(String sql) {
        TestWorker.Answer nativeAnswer = worker.query(sql, "s1");
        assertEquals(403, nativeAnswer.status(), nativeAnswer.toString());
        assertFalse(nativeAnswer.detail().isBlank());
        TestWorker.Answer original = worker.post("/?segment=s1", sql, "application/sql");
        assertEquals(403, original.status(), original.toString());
        assertEquals("s1", original.json().path("segment").asText(), original.toString());

        assertEquals(digest, worker.digest("s1"), "segment file changed after: " + sql);
        assertEquals(3, worker.count("s1", "t"));
        assertFalse(java.nio.file.Files.exists(Path.of("/tmp/trough-vacuum-copy.sqlite")));
    }

    @Test
    void severalStatementsAreRefusedWithTheirCount() {
        TestWorker.Answer answer = worker.query("SELECT 1; SELECT 2; SELECT 3", "s1");
        assertEquals(403, answer.status());
        assertEquals("several_statements", answer.error());
        assertTrue(answer.detail().contains("3 statements"), answer.detail());
    }

    @Test
    void aWriteOnTheReadPathSaysWhereWritesGo() {
        TestWorker.Answer answer = worker.query("DELETE FROM t", "s1");
        assertEquals(403, answer.status());
        assertTrue(answer.detail().contains("/v1/segments/s1/write"), answer.detail());
        TestWorker.Answer sneaky = worker.query("WITH x AS (SELECT 1) DELETE FROM t", "s1");
        assertEquals(403, sneaky.status());
        assertTrue(sneaky.detail().contains("readonly"), "SQLite itself refused it: " + sneaky.detail());
    }

    @Test
    void readsStillWork() {
        TestWorker.Answer answer = worker.query("WITH n AS (SELECT name FROM t) SELECT group_concat(name, '') AS names FROM n", "s1");
        assertEquals(200, answer.status(), answer.toString());
        assertEquals("abc", answer.json().get(0).get("names").asText());
        assertEquals("[{\"column1\":1,\"column2\":\"x\"}]", worker.query("VALUES (1, 'x')", "s1").body().strip());
    }

    @Test
    void aQueryRepeatedAfterItsTableChangedAnswersTheTableAsItIsNow() {
        worker.segments("logs", "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); CREATE INDEX t_name ON t(name);", "s-altered");
        worker.write("s-altered", "INSERT INTO t (name) VALUES ('a')");
        // The same text each time, so that the worker's readers run it on the statement they kept from before.
        String sql = "SELECT * FROM t ORDER BY id";
        for (int i = 0; i < 3; i++) assertEquals("[{\"id\":1,\"name\":\"a\"}]", worker.query(sql, "s-altered").body().strip());

        worker.write("s-altered", "ALTER TABLE t ADD COLUMN score REAL DEFAULT 0.5");
        assertEquals("[{\"id\":1,\"name\":\"a\",\"score\":0.5}]", worker.query(sql, "s-altered").body().strip());

        worker.write("s-altered", "ALTER TABLE t DROP COLUMN score");
        assertEquals("[{\"id\":1,\"name\":\"a\"}]", worker.query(sql, "s-altered").body().strip());
    }
}
