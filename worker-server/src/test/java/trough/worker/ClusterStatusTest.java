package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Tier;
import trough.core.registry.WorkerRecord;
import trough.sync.master.MasterSettings;
import trough.sync.master.SyncMaster;

/** What an operator sees of placement on any worker: the master's last round and the workers by fill. */
class ClusterStatusTest {
    @TempDir
    Path dir;

    @Test
    void aWorkerShowsTheMastersLastRoundAndTheWorkersFullestFirst() throws Exception {
        try (TestWorker worker = TestWorker.start(dir, config -> config.withMembership(config.membership().withWorkerId("w1")))) {
            assertEquals(200, worker.get("/v1/cluster/status").status());
            assertTrue(worker.get("/v1/cluster/status").json().get("placement").isNull(), "no master has run a round yet");
            assertTrue(!worker.get("/metrics").body().contains("trough_placement_segments_under_replicated "), "no figure before a round");

            worker.segments("logs", "CREATE TABLE t (x INTEGER)", "a", "b", "c");
            // A second worker that is nearly full: it reports itself, it serves nothing here.
            worker.registry.workers().heartbeat(WorkerRecord.report("w2", "http://127.0.0.1:1", 1000, 900, Tier.HOT, 0, Duration.ofMinutes(1)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (worker.registry.workers().all().stream().noneMatch(w -> w.id().equals("w1")) && System.nanoTime() < deadline) Thread.sleep(20);
            int before = assignments(worker);
            try (SyncMaster master = new SyncMaster(worker.registry, MasterSettings.defaults("sync-1"))) {
                master.tick();
            }
            int added = assignments(worker) - before;
            assertTrue(added > 0);

            JsonNode status = worker.get("/v1/cluster/status").json();
            JsonNode placement = status.get("placement");
            assertEquals("sync-1", placement.get("master").asText());
            assertEquals("first round as master", placement.get("changes").asText());
            assertEquals(3, placement.get("segments").asLong());
            assertEquals(added, placement.get("assigned").asLong(), "the assignments the round wrote");
            assertEquals(3, placement.get("underReplicated").asLong(), "only w1 serves copies, and R is 2");
            List<String> byFill = status.get("workers").findValuesAsText("id");
            assertEquals(List.of("w2", "w1"), byFill, "fullest first");
            assertEquals(0.9, status.get("workers").get(0).get("fill").asDouble(), 1e-9);

            String metrics = worker.get("/metrics").body();
            assertTrue(metrics.contains("trough_placement_segments_under_replicated 3.0"), metrics);
            assertTrue(metrics.contains("trough_placement_round_assigned " + added + ".0"), metrics);
            assertTrue(metrics.contains("trough_placement_workers 2.0"), metrics);
        }
    }

    private static int assignments(TestWorker worker) {
        return worker.registry.placements().assignmentsOf("w1").size() + worker.registry.placements().assignmentsOf("w2").size();
    }
}
