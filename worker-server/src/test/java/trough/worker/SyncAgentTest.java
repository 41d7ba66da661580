package trough.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.api.ClusterSegment;
import trough.core.api.QueryRequest;
import trough.core.client.QueryResponse;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Replica;
import trough.core.segment.SegmentId;
import trough.sync.agent.AgentSettings;
import trough.sync.agent.LocalSyncAgent;

/** The local sync agent of a real worker, fetching from file:// storage what the registry assigns it. */
class SyncAgentTest {
    @TempDir
    Path dir;

    private TestWorker worker(String id) {
        return worker(id, Duration.ZERO);
    }

    private TestWorker worker(String id, Duration retryBackoff) {
        // Rounds are run by the test, not by the clock.
        return TestWorker.start(dir.resolve(id), dir.resolve("registry"), config -> config.withStorage(dir.resolve("durable").toUri())
                .withAgent(new AgentSettings(Duration.ofHours(1), 2, 2, 2, false, retryBackoff)).withMembership(config.membership().withWorkerId(id)));
    }

    @Test
    void aCopyThatFailsItsChecksumIsWithdrawnFromTheMapBackedOffAndReportedWhileQueriesGoOn() throws Exception {
        try (TestWorker w1 = worker("w1"); TestWorker w2 = worker("w2", Duration.ofMinutes(1))) {
            w1.segments("s", "CREATE TABLE t (x INTEGER)", "a", "b");
            for (String segment : List.of("a", "b")) {
                w1.write(segment, "INSERT INTO t VALUES (1), (2), (3)");
                assertEquals(200, w1.post("/v1/segments/" + segment + "/promote", "", "application/json").status());
            }
            Lease leader = w2.registry.leases().acquire(LeaseName.LEADER, "test-master", Duration.ofMinutes(1)).orElseThrow();
            w2.registry.placements().assign(leader, List.of(new Assignment(SegmentId.of("a"), "w2"), new Assignment(SegmentId.of("b"), "w2")), List.of());
            assertEquals(2, w2.server.agent().sync().fetched());
            assertEquals(List.of(w1.server.url(), w2.server.url()), replicas(w2, "b"));

            // w2 loses its copy of b, and the durable copy it would fetch again is corrupt.
            Files.delete(w2.dataDir.resolve("b.sqlite"));
            Path durable = durable(w1, "b");
            byte[] flipped = Files.readAllBytes(durable);
            flipped[flipped.length / 2] ^= 0x40;
            Files.write(durable, flipped);

            LocalSyncAgent.SyncRound round = w2.server.agent().sync();
            assertEquals(1, round.wanted());
            assertEquals(0, round.fetched());
            assertEquals(List.of(new Replica(SegmentId.of("a"), "w2", 1)), w2.registry.placements().replicasOf("w2"));
            assertEquals(List.of(w1.server.url()), replicas(w2, "b"), "only copies that serve are listed");
            JsonNode failing = w2.get("/health").json().get("downloadsFailing");
            assertEquals(1, failing.size(), failing.toString());
            assertEquals("b", failing.get(0).get("segment").asText());
            assertEquals(1, failing.get(0).get("rounds").asInt());
            assertTrue(failing.get(0).get("reason").asText().contains("b"), failing.toString());
            assertEquals(1, w2.metric("trough_sync_segments_failing"));
            assertEquals(1, w2.metric("trough_sync_download_failures_total"));

            assertEquals(0, w2.server.agent().sync().wanted(), "a failed download waits before it is tried again");
            assertEquals(1, w2.metric("trough_sync_download_failures_total"));

            // A batch that reaches w2 with both segments is answered for a, and names b for the client to read elsewhere.
            try (QueryResponse answer = w2.client().queryServed(QueryRequest.of("SELECT count(*) FROM t", List.of(SegmentId.of("a"), SegmentId.of("b"))), null)) {
                assertEquals(List.of(SegmentId.of("b")), answer.unserved());
                assertEquals(3L, ((Number) answer.next()[0]).longValue());
                assertEquals(null, answer.next());
            }
            assertEquals(404, w2.query("SELECT count(*) FROM t", "a", "b").status(), "without asking for it, a client gets no partial answer");
            assertEquals(3, w1.count("b", "t"));
        }
    }

    private static List<String> replicas(TestWorker worker, String segment) throws Exception {
        return worker.client().clusterSegments("s", null, 10).segments().stream().filter(s -> s.id().value().equals(segment)).findFirst().orElseThrow().replicas();
    }

    @Test
    void aCorruptedOrTruncatedCopyIsNeverServedAndAGoodOneIs() throws Exception {
        try (TestWorker w1 = worker("w1"); TestWorker w2 = worker("w2")) {
            w1.segments("s", "CREATE TABLE t (x INTEGER)", "good", "corrupt", "short");
            for (String segment : List.of("good", "corrupt", "short")) {
                w1.write(segment, "INSERT INTO t VALUES (1), (2), (3)");
                assertEquals(200, w1.post("/v1/segments/" + segment + "/promote", "", "application/json").status());
            }
            Path corrupt = durable(w1, "corrupt");
            byte[] original = Files.readAllBytes(corrupt);
            byte[] flipped = original.clone();
            flipped[flipped.length / 2] ^= 0x40;
            Files.write(corrupt, flipped);
            Path shortCopy = durable(w1, "short");
            Files.write(shortCopy, Arrays.copyOf(Files.readAllBytes(shortCopy), 1000));

            Lease leader = w2.registry.leases().acquire(LeaseName.LEADER, "test-master", Duration.ofMinutes(1)).orElseThrow();
            assertTrue(w2.registry.placements().assign(leader, List.of(new Assignment(SegmentId.of("good"), "w2"),
                    new Assignment(SegmentId.of("corrupt"), "w2"), new Assignment(SegmentId.of("short"), "w2")), List.of()));

            LocalSyncAgent.SyncRound round = w2.server.agent().sync();
            assertEquals(3, round.wanted());
            assertEquals(1, round.fetched());
            assertEquals(List.of(new Replica(SegmentId.of("good"), "w2", 1)), w2.registry.placements().replicasOf("w2"));
            assertEquals(3, w2.count("good", "t"));
            for (String bad : List.of("corrupt", "short")) {
                assertFalse(Files.exists(w2.dataDir.resolve(bad + ".sqlite")), bad + " must not be served");
                assertEquals(404, w2.query("SELECT count(*) FROM t", bad).status());
                ClusterSegment listed = w2.client().clusterSegments("s", null, 10).segments().stream()
                        .filter(s -> s.id().value().equals(bad)).findFirst().orElseThrow();
                assertEquals(List.of(w1.server.url()), listed.replicas(), "the cluster map does not send reads of " + bad + " to w2");
            }
            try (var leftovers = Files.list(w2.dataDir)) {
                assertEquals(List.of("good.sqlite", "good.sqlite-log"), leftovers.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith("-wal") && !n.endsWith("-shm")).sorted().toList(),
                        "no partial download left behind");
            }

            Files.write(corrupt, original);
            LocalSyncAgent.SyncRound repaired = w2.server.agent().sync();
            assertEquals(2, repaired.wanted(), "the short one is still wanted");
            assertEquals(1, repaired.fetched());
            assertEquals(3, w2.count("corrupt", "t"));
            assertArrayEquals(original, Files.readAllBytes(w2.dataDir.resolve("corrupt.sqlite")));
        }
    }

    @Test
    void aSegmentDeletedOnItsWriterIsDroppedByEveryOtherWorker() throws Exception {
        try (TestWorker w1 = worker("w1"); TestWorker w2 = worker("w2")) {
            w1.segments("s", "CREATE TABLE t (x INTEGER)", "doomed", "kept");
            for (String segment : List.of("doomed", "kept")) {
                assertEquals(200, w1.post("/v1/segments/" + segment + "/promote", "", "application/json").status());
            }
            Lease leader = w2.registry.leases().acquire(LeaseName.LEADER, "test-master", Duration.ofMinutes(1)).orElseThrow();
            w2.registry.placements().assign(leader, List.of(new Assignment(SegmentId.of("doomed"), "w2"), new Assignment(SegmentId.of("kept"), "w2")), List.of());
            assertEquals(2, w2.server.agent().sync().fetched());
            assertTrue(Files.exists(w2.dataDir.resolve("doomed.sqlite")));

            assertEquals(204, w1.delete("/v1/segments/doomed").status());
            LocalSyncAgent.SyncRound round = w2.server.agent().sync();
            assertEquals(1, round.dropped());
            assertFalse(Files.exists(w2.dataDir.resolve("doomed.sqlite")), "the other worker's copy is gone");
            assertEquals(List.of(new Replica(SegmentId.of("kept"), "w2", 1)), w2.registry.placements().replicasOf("w2"));
            assertEquals(0, w2.server.agent().sync().dropped(), "and nothing else goes");
        }
    }

    private Path durable(TestWorker worker, String segment) {
        return dir.resolve("durable").resolve(worker.registry.segment(SegmentId.of(segment)).orElseThrow().remotePath());
    }
}
