package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.api.ClusterSegment;
import trough.core.registry.LeaseName;
import trough.core.segment.SegmentId;
import trough.worker.cluster.WriteLeases;

/** Two real workers over one registry: only the lease holder writes, and a stale epoch never commits. */
class WriteLeaseTest {
    private static final String DDL = "CREATE TABLE t (x INTEGER)";

    @TempDir
    Path dir;

    private TestWorker worker(String id) {
        return TestWorker.start(dir.resolve(id), dir.resolve("registry"), config -> config.withStorage(dir.resolve("durable").toUri())
                .withMembership(config.membership().withWorkerId(id).withTimings(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(30))));
    }

    @Test
    void onlyTheHolderWritesAndOthersAreToldWhere() throws Exception {
        try (TestWorker w1 = worker("w1"); TestWorker w2 = worker("w2")) {
            w1.segments("s", DDL, "seg");
            TestWorker.Answer write = w1.post("/v1/segments/seg/write", "INSERT INTO t VALUES (1)", "application/sql");
            assertEquals(200, write.status());
            long epoch = Long.parseLong(write.headers().get(WriteLeases.EPOCH_HEADER));

            String before = w1.digest("seg");
            TestWorker.Answer refused = w2.post("/v1/segments/seg/write", "INSERT INTO t VALUES (2)", "application/sql");
            assertEquals(409, refused.status(), refused.toString());
            assertEquals("segment_has_writer", refused.error());
            assertTrue(refused.detail().contains("written by worker w1 at " + w1.server.url()) && refused.detail().contains("epoch " + epoch),
                    refused.detail());
            assertFalse(Files.exists(w2.dataDir.resolve("seg.sqlite")), "the refused worker created nothing");
            TestWorker.Answer provision = w2.post("/v1/segments", "{\"segment\": \"seg\", \"schema\": \"s\"}", "application/json");
            assertEquals(409, provision.status(), provision.toString());
            assertEquals(before, w1.digest("seg"));
            assertEquals(1, w1.count("seg", "t"));

            // Reads go to the writer: whichever worker a driver asks, the map names w1 first.
            for (TestWorker asked : List.of(w1, w2)) {
                ClusterSegment listed = asked.client().clusterSegments("s", null, 10).segments().get(0);
                assertEquals(w1.server.url(), listed.writer());
                assertEquals(w1.server.url(), listed.replicas().get(0));
            }
        }
    }

    @Test
    void aWritePresentingAStaleEpochIsRefused() {
        try (TestWorker w1 = worker("w1")) {
            w1.segments("s", DDL, "seg");
            TestWorker.Answer write = w1.post("/v1/segments/seg/write", "INSERT INTO t VALUES (1)", "application/sql");
            long epoch = Long.parseLong(write.headers().get(WriteLeases.EPOCH_HEADER));
            assertEquals(200, w1.post("/v1/segments/seg/write", "INSERT INTO t VALUES (2)", "application/sql",
                    WriteLeases.EPOCH_HEADER, Long.toString(epoch)).status());
            String before = w1.digest("seg");
            TestWorker.Answer stale = w1.post("/v1/segments/seg/write", "INSERT INTO t VALUES (3)", "application/sql",
                    WriteLeases.EPOCH_HEADER, Long.toString(epoch - 1));
            assertEquals(409, stale.status(), stale.toString());
            assertEquals("stale_lease", stale.error());
            assertEquals("segment seg is now written under lease epoch " + epoch + ", not " + (epoch - 1)
                    + "; the writer changed: read the segment again before writing", stale.detail());
            TestWorker.Answer garbled = w1.post("/v1/segments/seg/write", "INSERT INTO t VALUES (3)", "application/sql",
                    WriteLeases.EPOCH_HEADER, "seven");
            assertEquals(400, garbled.status());
            assertEquals(before, w1.digest("seg"), "nothing was written");
        }
    }

    @Test
    void afterTheWriterStopsAnotherWorkerTakesOverWithEveryAcknowledgedWrite() throws Exception {
        try (TestWorker w2 = shortLeases("w2")) {
            long firstEpoch;
            try (TestWorker w1 = shortLeases("w1")) {
                w1.segments("s", DDL, "seg");
                firstEpoch = Long.parseLong(w1.post("/v1/segments/seg/write", "INSERT INTO t VALUES (1), (2)", "application/sql")
                        .headers().get(WriteLeases.EPOCH_HEADER));
                assertEquals(200, w1.post("/v1/segments/seg/promote", "", "application/json").status());
                w1.write("seg", "INSERT INTO t VALUES (3)"); // never promoted: only in the change log beyond w1's disk
            }
            TestWorker.deleteTree(dir.resolve("w1"));
            TestWorker.Answer write = w2.writeOnceLeaseLapses("seg", "INSERT INTO t VALUES (4)");
            assertEquals(200, write.status(), write.toString());
            assertTrue(Long.parseLong(write.headers().get(WriteLeases.EPOCH_HEADER)) > firstEpoch);
            assertEquals(4, w2.count("seg", "t"), "rows 1 and 2 from the promoted copy, 3 from the change log, and 4");
            assertEquals("w2", w2.registry.leases().current(LeaseName.write(SegmentId.of("seg"))).orElseThrow().holder());
        }
    }

    @Test
    void aRestartedWriterKeepsItsCopyAndItsLease() {
        long epoch;
        try (TestWorker w1 = worker("w1")) {
            w1.segments("s", DDL, "seg");
            w1.write("seg", "INSERT INTO t VALUES (1)");
            assertEquals(200, w1.post("/v1/segments/seg/promote", "", "application/json").status());
            epoch = Long.parseLong(w1.post("/v1/segments/seg/write", "INSERT INTO t VALUES (2)", "application/sql").headers().get(WriteLeases.EPOCH_HEADER));
        }
        try (TestWorker again = worker("w1")) {
            assertEquals(2, again.count("seg", "t"), "the write after the promotion is still served");
            TestWorker.Answer write = again.post("/v1/segments/seg/write", "INSERT INTO t VALUES (3)", "application/sql");
            assertEquals(200, write.status(), write.toString());
            assertEquals(epoch, Long.parseLong(write.headers().get(WriteLeases.EPOCH_HEADER)), "it took its own lease back");
            again.server.agent().sync();
            assertEquals(3, again.count("seg", "t"), "the agent kept the copy that is fresher than the promoted one");
        }
    }

    private TestWorker shortLeases(String id) {
        return TestWorker.start(dir.resolve(id), dir.resolve("registry"), config -> config.withStorage(dir.resolve("durable").toUri())
                .withMembership(config.membership().withWorkerId(id).withTimings(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1))));
    }

    @Test
    void deletingASegmentWrittenElsewhereNeedsForce() {
        try (TestWorker w1 = worker("w1"); TestWorker w2 = worker("w2")) {
            w1.segments("s", DDL, "seg");
            w1.write("seg", "INSERT INTO t VALUES (1)");
            assertEquals(200, w1.post("/v1/segments/seg/promote", "", "application/json").status());
            TestWorker.Answer refused = w2.delete("/v1/segments/seg");
            assertEquals(409, refused.status(), refused.toString());
            assertTrue(refused.detail().contains("?force=true"), refused.detail());
            assertTrue(w2.registry.segment(SegmentId.of("seg")).isPresent());

            String remote = w1.registry.segment(SegmentId.of("seg")).orElseThrow().remotePath();
            assertEquals(204, w1.delete("/v1/segments/seg").status(), "the writer itself may delete it");
            assertTrue(w1.registry.segment(SegmentId.of("seg")).isEmpty());
            assertFalse(Files.exists(dir.resolve("durable").resolve(remote)), "its durable copy is gone too");
            assertFalse(Files.exists(w1.dataDir.resolve("seg.sqlite")));
        }
    }
}
