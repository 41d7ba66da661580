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

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited 20 s for " + what);
            Thread.sleep(100);
        }
    }
}
