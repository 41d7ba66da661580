package trough.sync.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.PlacementRound;
import trough.core.registry.Registry;
import trough.core.registry.Replica;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Tier;
import trough.core.registry.WorkerRecord;
import trough.core.segment.SegmentId;
import trough.registry.embedded.EmbeddedRegistry;

/** The master's reconciliation over a real embedded registry: tiers, and writing only what changed. */
class ReconcilerTest {
    @TempDir
    Path dir;

    @Test
    void coldSegmentsGoToColdWorkersOnlyAndAnUnchangedClusterWritesNothing() {
        try (Registry registry = EmbeddedRegistry.open(dir)) {
            for (String hot : List.of("w1", "w2")) registry.workers().heartbeat(worker(hot, Tier.HOT));
            registry.workers().heartbeat(worker("archive", Tier.COLD));
            for (int i = 0; i < 8; i++) registry.putSegment(promoted("hot-" + i, Tier.HOT));
            for (int i = 0; i < 4; i++) registry.putSegment(promoted("cold-" + i, Tier.COLD));
            Lease leader = registry.leases().acquire(LeaseName.LEADER, "sync", Duration.ofMinutes(1)).orElseThrow();
            Reconciler reconciler = new Reconciler(registry, MasterSettings.defaults("sync"));

            Reconciler.ReconcileRound first = reconciler.reconcile(() -> Optional.of(leader));
            assertNotNull(first);
            assertEquals(8 * 2 + 4, first.added(), "hot segments on both hot workers, cold ones on the one cold worker");
            assertEquals(4, first.report().shortSegments(), "a cold segment with one cold worker is short of its second copy");
            assertEquals(Set.of("cold-0", "cold-1", "cold-2", "cold-3"), segmentsOf(registry, "archive"));
            for (String hot : List.of("w1", "w2")) assertTrue(segmentsOf(registry, hot).stream().allMatch(id -> id.startsWith("hot-")));

            assertNull(reconciler.reconcile(() -> Optional.of(leader)), "nothing changed: the round writes nothing");

            SegmentRecord warm = registry.segment(SegmentId.of("hot-3")).orElseThrow();
            assertTrue(registry.replaceSegment(warm, warm.withTier(Tier.COLD)));
            Reconciler.ReconcileRound moved = reconciler.reconcile(() -> Optional.of(leader));
            assertEquals(1, moved.added());
            assertEquals(2, moved.removed());
            assertTrue(segmentsOf(registry, "archive").contains("hot-3"));
            assertFalse(segmentsOf(registry, "w1").contains("hot-3"));
        }
    }

    @Test
    void aRoundSaysWhatSetItOffAndCountsSegmentsServedByFewerThanRLiveWorkers() {
        try (Registry registry = EmbeddedRegistry.open(dir)) {
            for (String id : List.of("w1", "w2")) registry.workers().heartbeat(worker(id, Tier.HOT));
            for (int i = 0; i < 3; i++) registry.putSegment(promoted("s-" + i, Tier.HOT));
            registry.putSegment(SegmentRecord.local(SegmentId.of("unpromoted"), null, 10));
            Lease leader = registry.leases().acquire(LeaseName.LEADER, "sync", Duration.ofMinutes(1)).orElseThrow();
            Reconciler reconciler = new Reconciler(registry, MasterSettings.defaults("sync"));

            Reconciler.ReconcileRound first = reconciler.reconcile(() -> Optional.of(leader));
            assertEquals(RoundChanges.FIRST, first.changes());
            assertEquals(3, first.segments(), "a segment that cannot be fetched is not placed");
            assertEquals(3, first.underReplicated(), "assigned is not served: no copy is there yet");

            // s-0 served by both workers, s-1 by one, and s-2 by one at the promoted generation and one older copy.
            for (String id : List.of("w1", "w2")) registry.placements().reportReplica(new Replica(SegmentId.of("s-0"), id, 1));
            registry.placements().reportReplica(new Replica(SegmentId.of("s-1"), "w1", 1));
            registry.placements().reportReplica(new Replica(SegmentId.of("s-2"), "w1", 1));
            registry.placements().reportReplica(new Replica(SegmentId.of("s-2"), "w2", 0));
            Reconciler.ReconcileRound served = reconciler.reconcile(() -> Optional.of(leader));
            assertEquals("registry changed", served.changes());
            assertEquals(2, served.underReplicated(), "s-1 has one copy, s-2 one current copy");
            assertEquals(0, served.added() + served.removed());

            registry.workers().heartbeat(worker("w3", Tier.HOT));
            Reconciler.ReconcileRound joined = reconciler.reconcile(() -> Optional.of(leader));
            assertEquals("workers joined: w3", joined.changes());
            assertTrue(joined.added() > 0, "w3 takes a share");
        }
    }

    @Test
    void theMasterLeavesEachRoundsReportInTheRegistry() {
        try (Registry registry = EmbeddedRegistry.open(dir);
             SyncMaster master = new SyncMaster(registry, MasterSettings.defaults("sync-1"))) {
            for (String id : List.of("w1", "w2", "w3")) registry.workers().heartbeat(worker(id, Tier.HOT));
            for (int i = 0; i < 5; i++) registry.putSegment(promoted("s-" + i, Tier.HOT));
            assertTrue(registry.placements().lastRound().isEmpty());
            master.tick();
            PlacementRound round = registry.placements().lastRound().orElseThrow();
            assertEquals("sync-1", round.master());
            assertEquals(RoundChanges.FIRST, round.changes());
            assertEquals(3, round.workers());
            assertEquals(5, round.segments());
            assertEquals(10, round.assigned());
            assertEquals(2, round.replicas());
            assertEquals(5, round.underReplicated());
            assertTrue(round.finishedAtMillis() <= registry.now().toEpochMilli());
        }
    }

    private static Set<String> segmentsOf(Registry registry, String worker) {
        return registry.placements().assignmentsOf(worker).stream().map(Assignment::segment).map(SegmentId::value).collect(Collectors.toSet());
    }

    private static WorkerRecord worker(String id, Tier tier) {
        return WorkerRecord.report(id, "http://127.0.0.1:1/" + id, 1L << 40, 0, tier, 0, Duration.ofMinutes(1));
    }

    private static SegmentRecord promoted(String id, Tier tier) {
        return new SegmentRecord(SegmentId.of(id), "logs", 1, 1000, "sha256:00", "segments/" + id + "@1.sqlite", tier);
    }
}
