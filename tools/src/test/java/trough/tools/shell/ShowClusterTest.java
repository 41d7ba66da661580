package trough.tools.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Registry;
import trough.core.registry.RegistryBackends;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Tier;
import trough.core.registry.WorkerRecord;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.sync.master.MasterSettings;
import trough.sync.master.SyncMaster;
import trough.tools.TroughRun;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/** SHOW CLUSTER on a real worker whose registry a real master placed segments in. */
class ShowClusterTest {
    @TempDir
    Path dir;

    @Test
    void showsTheLastRoundWithSegmentsBelowRAndTheWorkersFullestFirst() throws Exception {
        try (Registry registry = RegistryBackends.open("embedded:" + dir.resolve("registry"));
             WorkerServer worker = WorkerServer.start(WorkerConfig.defaults(Files.createDirectories(dir.resolve("data"))).withPort(0), registry)) {
            String url = "jdbc:trough://127.0.0.1:" + worker.port();
            TroughRun before = TroughRun.of("shell", "-u", url, "-c", "SHOW CLUSTER");
            assertEquals(0, before.exit(), before.err() + before.out());
            assertTrue(before.out().contains("placement: no sync master has finished a round yet"), before.out());

            registry.putSchema(new SchemaDefinition("logs", "CREATE TABLE t (x)"));
            for (String id : List.of("a", "b")) registry.putSegment(SegmentRecord.local(SegmentId.of(id), "logs", 10));
            registry.workers().heartbeat(WorkerRecord.report("nearly-full", "http://127.0.0.1:1", 1000, 800, Tier.COLD, 0, Duration.ofMinutes(1)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (registry.workers().all().stream().noneMatch(w -> w.id().equals(worker.workerId())) && System.nanoTime() < deadline) Thread.sleep(20);
            try (SyncMaster master = new SyncMaster(registry, MasterSettings.defaults("sync-1"))) {
                master.tick();
            }

            TroughRun after = TroughRun.of("shell", "-u", url, "-c", "SHOW CLUSTER");
            assertEquals(0, after.exit(), after.err() + after.out());
            List<String> lines = after.out().lines().toList();
            assertTrue(lines.contains("placement: 2 segment(s) below 2 copies, 2 short of workers"), after.out());
            assertTrue(after.out().contains("by sync-1 (epoch ") && after.out().contains("first round as master"), after.out());
            int full = indexOf(lines, "nearly-full");
            int self = indexOf(lines, worker.workerId());
            assertTrue(full >= 0 && self > full, "fullest first: " + after.out());
            assertTrue(lines.get(full).contains("80.00%") && lines.get(full).contains("cold"), lines.get(full));
            assertTrue(after.out().contains("2 worker(s), fullest first"), after.out());
        }
    }

    @Test
    void aDirectoryOfSegmentsHasNoCluster() throws Exception {
        Path segments = Files.createDirectories(dir.resolve("segments"));
        TroughRun run = TroughRun.of("shell", "-u", "jdbc:trough:file:" + segments, "-c", "SHOW CLUSTER");
        assertEquals(1, run.exit(), run.out());
        assertTrue((run.out() + run.err()).contains("is a directory of segments, not a cluster"), run.out() + run.err());
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i;
        return -1;
    }
}
