package trough.sync.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static trough.sync.master.ReconcilerTest.leader;
import static trough.sync.master.ReconcilerTest.placement;
import static trough.sync.master.ReconcilerTest.promoted;
import static trough.sync.master.ReconcilerTest.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.PlacementRound;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Tier;
import trough.core.segment.SegmentId;
import trough.registry.embedded.EmbeddedRegistry;

/**
 * A new master places what changes from the moment it takes the lease, while its view still loads: over a real
 * embedded registry whose segment listings are held back, so the load cannot end until the test lets it.
 */
class PlacingWhileTheViewLoadsTest {
    @TempDir
    Path dir;
    private final ExecutorService master = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        master.shutdownNow();
    }

    @Test
    void aSegmentPromotedWhileTheViewLoadsIsPlacedBeforeItIsInAndTheFirstFullRoundAgrees() throws Exception {
        try (ReadCountingRegistry registry = new ReadCountingRegistry(EmbeddedRegistry.open(dir))) {
            for (int w = 1; w <= 4; w++) registry.workers().heartbeat(worker("w" + w, Tier.HOT));
            registry.putSegments(segments(800));
            Lease leader = leader(registry);
            try (Reconciler old = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                assertEquals(1600, old.reconcile(() -> Optional.of(leader)).added());
            }
            registry.holdListings();
            try (Reconciler fresh = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                Future<Reconciler.ReconcileRound> first = master.submit(() -> fresh.reconcile(() -> Optional.of(leader)));
                assertTrue(registry.awaitHeldListing(30), "the new master reads its view");

                registry.putSegment(promoted("new-1", Tier.HOT));
                Set<String> placedEarly = awaitAssigned(registry, "new-1", first);
                assertFalse(first.isDone(), "placed while the view was still loading");
                Map<SegmentId, Set<String>> duringLoad = placement(registry);

                registry.releaseListings();
                Reconciler.ReconcileRound round = first.get(60, TimeUnit.SECONDS);
                assertEquals(RoundChanges.FIRST, round.changes());
                assertEquals(801, round.segments());
                assertEquals(2, round.added(), "new-1's two copies, written once: the full round did not write them again");
                assertEquals(0, round.removed());
                assertEquals(duringLoad, placement(registry), "the first full round agrees with what was placed while the view loaded");
                assertEquals(placedEarly, placement(registry).get(SegmentId.of("new-1")));
                assertNull(fresh.reconcile(() -> Optional.of(leader)), "the view holds new-1 as placed: nothing is left to do");
            } finally {
                registry.releaseListings();
            }
        }
    }

    @Test
    void aWorkerLostWhileTheViewLoadsIsHandledOnceTheViewIsIn() throws Exception {
        try (ReadCountingRegistry registry = new ReadCountingRegistry(EmbeddedRegistry.open(dir))) {
            for (int w = 1; w <= 5; w++) registry.workers().heartbeat(worker("w" + w, Tier.HOT));
            registry.putSegments(segments(600));
            Lease leader = leader(registry);
            try (Reconciler old = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                old.reconcile(() -> Optional.of(leader));
            }
            Map<SegmentId, Set<String>> before = placement(registry);
            int onLost = registry.placements().assignmentsOf("w3").size();
            assertTrue(onLost > 100, "w3 holds " + onLost);
            registry.holdListings();
            try (Reconciler fresh = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                Future<Reconciler.ReconcileRound> first = master.submit(() -> fresh.reconcile(() -> Optional.of(leader)));
                assertTrue(registry.awaitHeldListing(30));

                assertTrue(registry.workers().remove("w3"));
                registry.putSegment(promoted("new-1", Tier.HOT));
                Set<String> placedEarly = awaitAssigned(registry, "new-1", first);
                assertFalse(placedEarly.contains("w3"), "placed on the ring of the workers read since: w3 is gone");
                assertEquals(onLost, registry.placements().assignmentsOf("w3").size(), "a lost worker's ranges wait for the whole view");

                registry.releaseListings();
                Reconciler.ReconcileRound round = first.get(60, TimeUnit.SECONDS);
                assertTrue(registry.placements().assignmentsOf("w3").isEmpty(), "handled by the first full round");
                assertEquals(onLost + 2, round.added(), "w3's copies placed elsewhere, and new-1's two");
                assertEquals(onLost, round.removed());
                Map<SegmentId, Set<String>> after = placement(registry);
                assertEquals(placedEarly, after.get(SegmentId.of("new-1")));
                for (Map.Entry<SegmentId, Set<String>> segment : before.entrySet()) {
                    Set<String> now = after.get(segment.getKey());
                    assertEquals(2, now.size(), segment.getKey() + " has R copies assigned again");
                    if (!segment.getValue().contains("w3")) assertEquals(segment.getValue(), now, segment.getKey() + " did not involve w3 and did not move");
                }
            } finally {
                registry.releaseListings();
            }
        }
    }

    @Test
    void aSegmentDeletedWhileTheViewLoadsLeavesTheViewAndIsNotPlacedAgain() throws Exception {
        try (ReadCountingRegistry registry = new ReadCountingRegistry(EmbeddedRegistry.open(dir))) {
            for (String id : List.of("w1", "w2", "w3")) registry.workers().heartbeat(worker(id, Tier.HOT));
            registry.putSegments(segments(10_050)); // two pages of the view's segment listing
            Lease leader = leader(registry);
            try (Reconciler old = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                old.reconcile(() -> Optional.of(leader));
            }
            SegmentId deleted = SegmentId.of("s-0007");
            registry.holdListingsAfter(1); // the first page, which holds s-0007, is read; the second waits
            try (Reconciler fresh = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                Future<Reconciler.ReconcileRound> first = master.submit(() -> fresh.reconcile(() -> Optional.of(leader)));
                assertTrue(registry.awaitHeldListing(30));
                assertTrue(registry.deleteSegment(deleted));
                assertTrue(placement(registry).get(deleted) == null, "its assignments went with it");
                // Heard by the master within its stream's delay; a segment promoted after is placed after that.
                registry.putSegment(promoted("later", Tier.HOT));
                awaitAssigned(registry, "later", first);

                registry.releaseListings();
                Reconciler.ReconcileRound round = first.get(60, TimeUnit.SECONDS);
                assertEquals(10_050, round.segments(), "s-0007 left the view it was read into; later joined it");
                assertNull(placement(registry).get(deleted), "the first full round did not place the deleted segment again");
                assertEquals(2, round.added());
            } finally {
                registry.releaseListings();
            }
        }
    }

    @Test
    void aStandbyPlacesASegmentPromotedBeforeItTookTheLeaseWhileItsViewLoads() throws Exception {
        try (ReadCountingRegistry registry = new ReadCountingRegistry(EmbeddedRegistry.open(dir))) {
            for (String id : List.of("w1", "w2", "w3")) registry.workers().heartbeat(worker(id, Tier.HOT));
            registry.putSegments(segments(50));
            SyncMaster a = new SyncMaster(registry, fast("sync-a"));
            try (SyncMaster b = new SyncMaster(registry, fast("sync-b"))) {
                a.tick();
                assertTrue(a.isMaster());
                b.tick();
                assertFalse(b.isMaster(), "sync-a leads; sync-b stands by, following the registry's changes");

                // sync-a's host dies: it stops ticking, holding the lease until it lapses. A segment is promoted meanwhile.
                registry.putSegment(promoted("between-masters", Tier.HOT));
                registry.holdListings();
                Future<?> takeover = master.submit(() -> {
                    while (!b.isMaster()) {
                        b.tick(); // returns once it has led a first round, or at once while sync-a's lease is live
                        Thread.sleep(50);
                    }
                    return null;
                });
                assertTrue(registry.awaitHeldListing(30), "sync-b took the lease and reads its view");
                Set<String> placedEarly = awaitAssigned(registry, "between-masters", takeover);
                assertFalse(takeover.isDone());

                registry.releaseListings();
                takeover.get(60, TimeUnit.SECONDS);
                PlacementRound first = registry.placements().lastRound().orElseThrow();
                assertEquals("sync-b", first.master());
                assertEquals(RoundChanges.FIRST, first.changes());
                assertEquals(2, first.assigned(), "between-masters's copies, placed while the view loaded; nothing else");
                assertEquals(placedEarly, placement(registry).get(SegmentId.of("between-masters")));
            } finally {
                registry.releaseListings();
                a.close();
            }
        }
    }

    @Test
    void aDeposedMastersPlacementsWhileItsViewLoadsAreRefused() throws Exception {
        try (ReadCountingRegistry registry = new ReadCountingRegistry(EmbeddedRegistry.open(dir))) {
            for (String id : List.of("w1", "w2", "w3")) registry.workers().heartbeat(worker(id, Tier.HOT));
            registry.putSegments(segments(50));
            Lease deposed = registry.leases().acquire(LeaseName.LEADER, "sync-a", Duration.ofMillis(300)).orElseThrow();
            registry.holdListings();
            try (Reconciler stale = new Reconciler(registry, MasterSettings.defaults("sync-a"))) {
                Future<Reconciler.ReconcileRound> first = master.submit(() -> stale.reconcile(() -> Optional.of(deposed)));
                assertTrue(registry.awaitHeldListing(30));

                // Its lease lapses (its host paused, say) and another server takes it, while the view still loads.
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (registry.leases().acquire(LeaseName.LEADER, "sync-b", Duration.ofMinutes(1)).isEmpty()) {
                    if (System.nanoTime() > deadline) fail("the lease did not lapse");
                    Thread.sleep(50);
                }
                registry.putSegment(promoted("after-deposed", Tier.HOT));
                assertNull(first.get(30, TimeUnit.SECONDS), "its write was refused: fenced, the round stops");
                assertFalse(placement(registry).containsKey(SegmentId.of("after-deposed")), "nothing of the deposed master's landed");
            } finally {
                registry.releaseListings();
            }
        }
    }

    /** The segment's workers once both copies are assigned, which must happen before the master's first round ends. */
    private static Set<String> awaitAssigned(Registry registry, String segment, Future<?> firstRound) throws Exception {
        SegmentId id = SegmentId.of(segment);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            List<Assignment> assigned = registry.placements().assignmentsOf(List.of(id)).getOrDefault(id, List.of());
            if (assigned.size() == 2) return assigned.stream().map(Assignment::worker).collect(Collectors.toSet());
            if (firstRound.isDone()) {
                try {
                    firstRound.get();
                } catch (ExecutionException failed) {
                    throw new AssertionError("the master's round failed", failed.getCause());
                }
                fail("the master's round ended before " + segment + " was placed");
            }
            if (System.nanoTime() > deadline) fail(segment + " was not placed within 30 s while the master's view loaded");
            Thread.sleep(20);
        }
    }

    private static MasterSettings fast(String syncId) {
        return new MasterSettings(syncId, Duration.ofMillis(600), Duration.ofMillis(200), 2, Duration.ofSeconds(30));
    }

    private static List<SegmentRecord> segments(int count) {
        List<SegmentRecord> segments = new ArrayList<>();
        for (int i = 0; i < count; i++) segments.add(promoted(String.format("s-%04d", i), Tier.HOT));
        return segments;
    }
}
