package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.segment.SegmentId;
import trough.sync.agent.AgentSettings;

/**
 * Replicated writes between real workers sharing one registry and one durable storage: the writer's machine is
 * lost (its process gone, its data directory deleted) and still no acknowledged write is.
 */
class DurableWriteTest {
    private static final SegmentId SEG = SegmentId.of("seg");

    @TempDir
    Path dir;

    private TestWorker worker(String id) {
        // Agent rounds run when the test says; heartbeats and leases are short so losses show quickly.
        return TestWorker.start(dir.resolve(id), dir.resolve("registry"), config -> config.withStorage(dir.resolve("durable").toUri())
                .withAgent(new AgentSettings(Duration.ofHours(1), 2, 2, 2, false))
                .withMembership(config.membership().withWorkerId(id).withTimings(Duration.ofMillis(100), Duration.ofMillis(600), Duration.ofSeconds(1))));
    }

    @Test
    void losingTheWritersMachineLosesNoAcknowledgedWrite() throws Exception {
        try (TestWorker w2 = worker("w2"); TestWorker w3 = worker("w3")) {
            TestWorker w1 = worker("w1");
            w1.segments("s", "CREATE TABLE t (k INTEGER PRIMARY KEY, v REAL)", "seg");
            for (int i = 0; i < 20; i++) w1.write("seg", "INSERT INTO t (v) SELECT random() FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)");
            Lease leader = w2.registry.leases().acquire(LeaseName.LEADER, "test-master", Duration.ofMinutes(1)).orElseThrow();
            assertTrue(w2.registry.placements().assign(leader, List.of(new Assignment(SEG, "w2"), new Assignment(SEG, "w3")), List.of()));

            assertEquals(1, w2.server.agent().sync().fetched(), "a segment never promoted is fetched from its change log");
            assertEquals(60, w2.count("seg", "t"));
            String written = w1.query("SELECT group_concat(k || ':' || v) AS all_rows FROM t", "seg").json().get(0).get("all_rows").asText();
            assertEquals(written, w2.query("SELECT group_concat(k || ':' || v) AS all_rows FROM t", "seg").json().get(0).get("all_rows").asText(),
                    "random() was evaluated once, on the writer: the copy holds the same values");

            w1.write("seg", "INSERT INTO t (v) VALUES (1.5)"); // acknowledged, then the machine is lost
            w1.close();
            TestWorker.deleteTree(dir.resolve("w1"));

            await("w1's heartbeat to lapse", () -> w2.registry.workers().aliveAt(w2.registry.now()).stream().noneMatch(w -> w.id().equals("w1")));
            w2.server.agent().sync();
            assertEquals(61, w2.count("seg", "t"), "with the writer gone, the replica caught up with the log");

            TestWorker.Answer takeover = w3.writeOnceLeaseLapses("seg", "INSERT INTO t (v) VALUES (2.5)");
            assertEquals(200, takeover.status(), takeover.toString());
            assertEquals(62, w3.count("seg", "t"), "the new writer started from every acknowledged write");
            assertEquals("w3", w3.registry.leases().current(LeaseName.write(SEG)).orElseThrow().holder());
        }
    }

    @Test
    void writesSentAtOnceAreEachAcknowledgedDurableAndTheFirstFailureStopsTheRest() throws Exception {
        try (TestWorker w2 = worker("w2")) {
            TestWorker w1 = worker("w1");
            w1.segments("s", "CREATE TABLE t (k INTEGER PRIMARY KEY, v REAL, u TEXT UNIQUE)", "seg");
            String body = TestWorker.JSON.writeValueAsString(java.util.Map.of("transactions", List.of(
                    "INSERT INTO t (v, u) SELECT random(), 'a' || x FROM (SELECT 1 AS x UNION ALL SELECT 2)",
                    "INSERT INTO t (v, u) VALUES (random(), 'b')",
                    "INSERT INTO t (v, u) VALUES (random(), 'c'); UPDATE t SET v = v / 2 WHERE u = 'a1'",
                    "INSERT INTO t (v, u) VALUES (random(), 'd'); INSERT INTO t (v, u) VALUES (random(), 'b')",
                    "INSERT INTO t (v, u) VALUES (random(), 'e')")));
            TestWorker.Answer answer = w1.post("/v1/segments/seg/writes", body, "application/json");
            assertEquals(200, answer.status(), answer.toString());
            var result = answer.json();
            assertEquals(List.of(2L, 1L, 2L), java.util.stream.StreamSupport.stream(result.get("written").spliterator(), false)
                    .map(w -> w.get("rowsChanged").asLong()).toList(), "the first three were written, each as a write alone");
            assertEquals(409, result.get("failed").get("status").asInt(), result.toString());
            assertTrue(result.get("failed").get("detail").asText().contains("UNIQUE"), result.toString());
            assertEquals(4, w1.count("seg", "t"), "nothing of the failed transaction, nothing after it");
            String written = w1.query("SELECT group_concat(k || ':' || v || ':' || u) AS all_rows FROM t", "seg").json().get(0).get("all_rows").asText();

            w1.close();
            TestWorker.deleteTree(dir.resolve("w1"));
            Lease leader = w2.registry.leases().acquire(LeaseName.LEADER, "test-master", Duration.ofMinutes(1)).orElseThrow();
            assertTrue(w2.registry.placements().assign(leader, List.of(new Assignment(SEG, "w2")), List.of()));
            assertEquals(1, w2.server.agent().sync().fetched(), "fetched from the change log alone");
            assertEquals(written, w2.query("SELECT group_concat(k || ':' || v || ':' || u) AS all_rows FROM t", "seg").json().get(0).get("all_rows").asText(),
                    "every acknowledged transaction was durable when the answer came, with the values the writer computed");
        }
    }

    @Test
    void rowsBoundToOneStatementAreStoredAsTheirSqlTextWouldBeAndStopAtTheFirstFailedTransaction() throws Exception {
        try (TestWorker w2 = worker("w2")) {
            TestWorker w1 = worker("w1");
            String ddl = "CREATE TABLE t (k INTEGER PRIMARY KEY, v REAL, u TEXT UNIQUE, b BLOB, n NUMERIC)";
            w1.segments("s", ddl, "seg", "oracle");
            // The oracle: the same rows as SQL text, as a client without statementRows sends them.
            w1.write("oracle", "INSERT INTO t (v, u, b, n) VALUES (1.5, 'a', X'00ff', 7), (2, 'b', NULL, 2.5), (9e999, 'c', X'', -1), "
                    + "(-9e999, 'd', NULL, 'text')");
            String rows = """
                    {"statementRows": {"statement": "INSERT INTO t (v, u, b, n) VALUES (?, ?, ?, ?)", "rowsPerTransaction": 2, "rows": [
                      [1.5, "a", {"blob": "AP8="}, 7], [2, "b", null, 2.5],
                      [{"real": "Infinity"}, "c", {"blob": ""}, -1], [{"real": "-Infinity"}, "d", null, "text"],
                      [3, "a", null, null], [4, "e", null, null]]}}""";
            TestWorker.Answer answer = w1.post("/v1/segments/seg/writes", rows, "application/json");
            assertEquals(200, answer.status(), answer.toString());
            var result = answer.json();
            assertEquals(List.of(2L, 2L), java.util.stream.StreamSupport.stream(result.get("written").spliterator(), false)
                    .map(w -> w.get("rowsChanged").asLong()).toList(), "two transactions of two rows each");
            assertEquals(409, result.get("failed").get("status").asInt(), result.toString());
            assertTrue(result.get("failed").get("detail").asText().contains("UNIQUE"), result.toString());
            String stored = "SELECT group_concat(k || ':' || quote(v) || ':' || u || ':' || quote(b) || ':' || typeof(n) || quote(n), ' ') AS all_rows FROM t";
            String written = w1.query(stored, "seg").json().get(0).get("all_rows").asText();
            assertEquals(w1.query(stored, "oracle").json().get(0).get("all_rows").asText(), written,
                    "bound values are stored as the same values written as SQL text; nothing of the failed transaction nor after it");

            for (String[] refused : new String[][] {
                    {"{\"statementRows\": {\"statement\": \"INSERT INTO t (v) VALUES (?)\", \"rowsPerTransaction\": 10, \"rows\": [[1], [{\"x\": 1}]]}}",
                            "row 2, value 1 is {x=1}"},
                    {"{\"statementRows\": {\"statement\": \"INSERT INTO t (v) VALUES (?); DELETE FROM t\", \"rowsPerTransaction\": 10, \"rows\": [[1]]}}",
                            "binds its rows to one statement, not 2"},
                    {"{\"statementRows\": {\"statement\": \"INSERT INTO t (v, u) VALUES (?, ?)\", \"rowsPerTransaction\": 10, \"rows\": [[1, \"x\"], [2]]}}",
                            "a row of 1 values for a statement of 2 parameters"},
                    {"{\"statementRows\": {\"statement\": \"INSERT INTO t (v) VALUES (?)\", \"rowsPerTransaction\": 0, \"rows\": [[1]]}}",
                            "rowsPerTransaction must be at least 1"},
                    {"{\"transactions\": [\"DELETE FROM t\"], \"statementRows\": {\"statement\": \"DELETE FROM t\", \"rowsPerTransaction\": 1, \"rows\": [[]]}}",
                            "not both"}}) {
                TestWorker.Answer bad = w1.post("/v1/segments/seg/writes", refused[0], "application/json");
                String said = bad.status() == 200 ? bad.json().get("failed").get("status").asInt() + " " + bad.json().get("failed").get("detail").asText()
                        : bad.status() + " " + bad.json().get("detail").asText();
                assertTrue(said.startsWith("400 ") && said.contains(refused[1]), refused[0] + " -> " + said);
            }
            assertEquals(written, w1.query(stored, "seg").json().get(0).get("all_rows").asText(), "no refused request changed anything");

            w1.close();
            TestWorker.deleteTree(dir.resolve("w1"));
            Lease leader = w2.registry.leases().acquire(LeaseName.LEADER, "test-master", Duration.ofMinutes(1)).orElseThrow();
            assertTrue(w2.registry.placements().assign(leader, List.of(new Assignment(SEG, "w2")), List.of()));
            w2.server.agent().sync();
            assertEquals(written, w2.query(stored, "seg").json().get(0).get("all_rows").asText(), "every acknowledged row was durable when answered");
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited 20 s for " + what);
            Thread.sleep(100);
        }
    }
}
