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
import trough.core.registry.Registry;
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
