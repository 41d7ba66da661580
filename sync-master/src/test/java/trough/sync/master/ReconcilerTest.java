package trough.sync.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Page;
import trough.core.registry.PlacementRound;
import trough.core.registry.Registry;
import trough.core.registry.RegistryException;
import trough.core.registry.Replica;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Tier;
import trough.core.registry.WorkerRecord;
import trough.core.segment.SegmentId;
import trough.registry.embedded.EmbeddedRegistry;

/** The master's reconciliation from changes, over a real embedded registry. */
class ReconcilerTest {
    @TempDir
    Path dir;

    @Test
    void coldSegmentsGoToColdWorkersOnlyAndAnUnchangedClusterWritesNothing() throws Exception {
        try (Registry registry = EmbeddedRegistry.open(dir)) {
            for (String hot : List.of("w1", "w2")) registry.workers().heartbeat(worker(hot, Tier.HOT));
            registry.workers().heartbeat(worker("archive", Tier.COLD));
            for (int i = 0; i < 8; i++) registry.putSegment(promoted("hot-" + i, Tier.HOT));
            for (int i = 0; i < 4; i++) registry.putSegment(promoted("cold-" + i, Tier.COLD));
            Lease leader = leader(registry);
            try (Reconciler reconciler = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                Reconciler.ReconcileRound first = reconciler.reconcile(() -> Optional.of(leader));
                assertNotNull(first);
                assertEquals(8 * 2 + 4, first.added(), "hot segments on both hot workers, cold ones on the one cold worker");
                assertEquals(4, first.shortOfWorkers(), "a cold segment with one cold worker is short of its second copy");
                assertEquals(Set.of("cold-0", "cold-1", "cold-2", "cold-3"), segmentsOf(registry, "archive"));
                for (String hot : List.of("w1", "w2")) assertTrue(segmentsOf(registry, hot).stream().allMatch(id -> id.startsWith("hot-")));

                assertNull(reconciler.reconcile(() -> Optional.of(leader)), "nothing changed: the round writes nothing");

                SegmentRecord warm = registry.segment(SegmentId.of("hot-3")).orElseThrow();
                assertTrue(registry.replaceSegment(warm, warm.withTier(Tier.COLD)));
                Reconciler.ReconcileRound moved = nextRound(reconciler, leader);
                assertEquals("segments changed: 1", moved.changes());
                assertEquals(1, moved.added());
                assertEquals(2, moved.removed());
                assertEquals(5, moved.shortOfWorkers(), "hot-3 is short of a second cold worker now too: the count follows the change");
                assertTrue(segmentsOf(registry, "archive").contains("hot-3"));
                assertFalse(segmentsOf(registry, "w1").contains("hot-3"));
            }
        }
    }

    @Test
    void aRoundSaysWhatSetItOffAndCountsSegmentsServedByFewerThanRLiveWorkers() throws Exception {
        try (Registry registry = EmbeddedRegistry.open(dir)) {
            for (String id : List.of("w1", "w2")) registry.workers().heartbeat(worker(id, Tier.HOT));
            for (int i = 0; i < 3; i++) registry.putSegment(promoted("s-" + i, Tier.HOT));
            registry.putSegment(SegmentRecord.local(SegmentId.of("unpromoted"), null, 10));
            Lease leader = leader(registry);
            try (Reconciler reconciler = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                Reconciler.ReconcileRound first = reconciler.reconcile(() -> Optional.of(leader));
                assertEquals(RoundChanges.FIRST, first.changes());
                assertEquals(3, first.segments(), "a segment that cannot be fetched is not placed");
                assertEquals(3, first.underReplicated(), "assigned is not served: no copy is there yet");

                // s-0 served by both workers, s-1 by one, and s-2 by one at the promoted generation and one older copy.
                for (String id : List.of("w1", "w2")) registry.placements().reportReplica(new Replica(SegmentId.of("s-0"), id, 1));
                registry.placements().reportReplica(new Replica(SegmentId.of("s-1"), "w1", 1));
                registry.placements().reportReplica(new Replica(SegmentId.of("s-2"), "w1", 1));
                registry.placements().reportReplica(new Replica(SegmentId.of("s-2"), "w2", 0));
                Reconciler.ReconcileRound served = roundWhere(reconciler, leader, round -> round.underReplicated() == 2);
                assertTrue(served.changes().startsWith("replicas changed: "), served.changes());
                assertEquals(0, served.added() + served.removed());

                assertTrue(registry.placements().dropReplica(SegmentId.of("s-0"), "w2"));
                assertEquals(3, roundWhere(reconciler, leader, round -> round.changes().contains("replicas")).underReplicated(),
                        "a dropped copy counts at once");

                registry.workers().heartbeat(worker("w3", Tier.HOT));
                Reconciler.ReconcileRound joined = reconciler.reconcile(() -> Optional.of(leader));
                assertEquals("workers joined: w3", joined.changes());
                assertTrue(joined.added() > 0, "w3 takes a share");
            }
        }
    }

    @Test
    void aNewlyPromotedSegmentIsPlacedWithoutAFullPass() throws Exception {
        try (ReadCountingRegistry registry = new ReadCountingRegistry(EmbeddedRegistry.open(dir))) {
            for (String id : List.of("w1", "w2", "w3")) registry.workers().heartbeat(worker(id, Tier.HOT));
            for (int i = 0; i < 500; i++) registry.putSegment(promoted(String.format("s-%03d", i), Tier.HOT));
            Lease leader = leader(registry);
            try (Reconciler reconciler = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                assertEquals(1000, reconciler.reconcile(() -> Optional.of(leader)).added());
                registry.listings.set(0);

                SegmentRecord local = SegmentRecord.local(SegmentId.of("new-1"), null, 1000);
                registry.putSegment(local);
                assertTrue(registry.replaceSegment(local, promoted("new-1", Tier.HOT)));
                Reconciler.ReconcileRound round = nextRound(reconciler, leader);
                assertEquals(2, round.added());
                assertEquals(0, round.removed());
                assertEquals(501, round.segments());
                assertEquals(2, registry.placements().assignmentsOf(List.of(SegmentId.of("new-1"))).get(SegmentId.of("new-1")).size());
                assertEquals(0, registry.listings.get(), "the round listed no segments");

                assertTrue(registry.deleteSegment(SegmentId.of("new-1")));
                assertEquals(500, nextRound(reconciler, leader).segments(), "a deleted segment leaves the master's view");
            }
        }
    }

    @Test
    void aLostWorkersSegmentsGetRCopiesAgainAndNothingElseMoves() throws Exception {
        try (ReadCountingRegistry registry = new ReadCountingRegistry(EmbeddedRegistry.open(dir))) {
            for (int w = 1; w <= 5; w++) registry.workers().heartbeat(worker("w" + w, Tier.HOT));
            for (int i = 0; i < 600; i++) registry.putSegment(promoted(String.format("s-%03d", i), Tier.HOT));
            Lease leader = leader(registry);
            try (Reconciler reconciler = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                reconciler.reconcile(() -> Optional.of(leader));
                Map<SegmentId, Set<String>> before = placement(registry);
                long onLost = before.values().stream().filter(holders -> holders.contains("w3")).count();
                assertTrue(onLost > 100, "w3 held " + onLost);
                registry.listings.set(0);

                assertTrue(registry.workers().remove("w3"));
                Reconciler.ReconcileRound round = reconciler.reconcile(() -> Optional.of(leader));
                assertEquals("workers left: w3", round.changes());
                assertEquals(onLost, round.added());
                assertEquals(onLost, round.removed());
                assertEquals(0, registry.listings.get(), "the round listed no segments");
                Map<SegmentId, Set<String>> after = placement(registry);
                for (Map.Entry<SegmentId, Set<String>> segment : after.entrySet()) {
                    assertEquals(2, segment.getValue().size(), segment.getKey() + " has R copies assigned again");
                    assertFalse(segment.getValue().contains("w3"));
                    Set<String> had = before.get(segment.getKey());
                    if (!had.contains("w3")) assertEquals(had, segment.getValue(), segment.getKey() + " did not involve w3 and did not move");
                    else assertTrue(segment.getValue().containsAll(had.stream().filter(w -> !w.equals("w3")).toList()), "its other copy stays");
                }
            }
        }
    }

    @Test
    void aJoinedWorkerReceivesOnlyTheRangesThatMoveAndAFullPassAgrees() throws Exception {
        try (ReadCountingRegistry registry = new ReadCountingRegistry(EmbeddedRegistry.open(dir))) {
            for (int w = 1; w <= 4; w++) registry.workers().heartbeat(worker("w" + w, Tier.HOT));
            List<SegmentRecord> segments = new ArrayList<>();
            for (int i = 0; i < 2000; i++) segments.add(promoted(String.format("s-%04d", i), Tier.HOT));
            registry.putSegments(segments);
            Lease leader = leader(registry);
            try (Reconciler reconciler = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                reconciler.reconcile(() -> Optional.of(leader));
                Map<SegmentId, Set<String>> before = placement(registry);
                registry.listings.set(0);

                registry.workers().heartbeat(worker("w5", Tier.HOT));
                Reconciler.ReconcileRound round = reconciler.reconcile(() -> Optional.of(leader));
                assertEquals("workers joined: w5", round.changes());
                assertEquals(0, registry.listings.get(), "the round listed no segments");
                Map<SegmentId, Set<String>> after = placement(registry);
                long toNew = registry.placements().assignmentsOf("w5").size();
                assertEquals(toNew, round.added(), "every replica added went to the new worker");
                assertEquals(toNew, round.removed(), "and each replaced one copy elsewhere");
                assertTrue(toNew > 2 * 2000 / 5 * 0.7 && toNew < 2 * 2000 / 5 * 1.3, "w5 took about its fifth: " + toNew);
                for (Map.Entry<SegmentId, Set<String>> segment : after.entrySet()) {
                    if (!segment.getValue().contains("w5")) assertEquals(before.get(segment.getKey()), segment.getValue());
                }
            }
            // A new master placing everything from scratch finds nothing to change: the incremental round placed as a full pass would.
            try (Reconciler fresh = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                Reconciler.ReconcileRound full = fresh.reconcile(() -> Optional.of(leader(registry)));
                assertEquals(0, full.added() + full.removed());
            }
        }
    }

    @Test
    void aRoundWhoseWritesFailDropsItsViewAndTheNextReadsTheRegistryAgain() throws Exception {
        try (ReadCountingRegistry registry = new ReadCountingRegistry(EmbeddedRegistry.open(dir))) {
            for (int w = 1; w <= 3; w++) registry.workers().heartbeat(worker("w" + w, Tier.HOT));
            for (int i = 0; i < 500; i++) registry.putSegment(promoted(String.format("s-%03d", i), Tier.HOT));
            Lease leader = leader(registry);
            try (Reconciler reconciler = new Reconciler(registry, MasterSettings.defaults("sync"))) {
                reconciler.reconcile(() -> Optional.of(leader));

                registry.workers().heartbeat(worker("w4", Tier.HOT));
                registry.failWrites = true;
                assertThrows(RegistryException.class, () -> reconciler.reconcile(() -> Optional.of(leader)));
                assertTrue(registry.placements().assignmentsOf("w4").isEmpty(), "nothing reached w4");

                // The failed round had taken w4 into its ring: a view kept would see no change left, and w4 would stay empty.
                registry.failWrites = false;
                registry.listings.set(0);
                Reconciler.ReconcileRound again = reconciler.reconcile(() -> Optional.of(leader));
                assertEquals(RoundChanges.FIRST, again.changes(), "the view is read again");
                assertTrue(registry.listings.get() > 0);
                assertTrue(again.added() > 100, "w4 takes its share now: " + again.added());
                assertEquals(again.added(), registry.placements().assignmentsOf("w4").size());
                for (Set<String> holders : placement(registry).values()) assertEquals(2, holders.size());
            }
        }
    }

    @Test
    void theSafetySweepRestoresWhatChangedBehindTheMastersBack() throws Exception {
        try (Registry registry = EmbeddedRegistry.open(dir)) {
            for (String id : List.of("w1", "w2")) registry.workers().heartbeat(worker(id, Tier.HOT));
            for (int i = 0; i < 10; i++) registry.putSegment(promoted("s-" + i, Tier.HOT));
            Lease leader = leader(registry);
            try (Reconciler reconciler = new Reconciler(registry, MasterSettings.defaults("sync"), Duration.ZERO, () -> {})) {
                reconciler.reconcile(() -> Optional.of(leader));
                // No change the stream carries: assignments are the master's own, and this one went without its knowing.
                assertTrue(registry.placements().assign(leader, List.of(), List.of(new Assignment(SegmentId.of("s-4"), "w2"))));
                Reconciler.ReconcileRound swept = reconciler.reconcile(() -> Optional.of(leader));
                assertEquals("safety sweep", swept.changes());
                assertEquals(1, swept.added());
                assertEquals(Set.of("w1", "w2"), placement(registry).get(SegmentId.of("s-4")));
            }
        }
    }

    @Test
    void aNewMasterResumesAfterFailoverAndTheDeposedOneWritesNothing() throws Exception {
        MasterSettings fast = new MasterSettings("sync-a", Duration.ofMillis(600), Duration.ofMillis(200), 2, Duration.ofSeconds(30));
        try (Registry registry = EmbeddedRegistry.open(dir)) {
            for (String id : List.of("w1", "w2", "w3")) registry.workers().heartbeat(worker(id, Tier.HOT));
            for (int i = 0; i < 50; i++) registry.putSegment(promoted("s-" + i, Tier.HOT));
            SyncMaster a = new SyncMaster(registry, fast);
            a.tick();
            assertTrue(a.isMaster());
            Lease deposed = registry.leases().current(LeaseName.LEADER).orElseThrow();
            Map<SegmentId, Set<String>> placed = placement(registry);
            assertEquals(50, placed.size());
            // sync-a stops ticking as if its host died, holding the lease until it lapses.
            try (SyncMaster b = new SyncMaster(registry, new MasterSettings("sync-b", Duration.ofMillis(600), Duration.ofMillis(200), 2,
                    Duration.ofSeconds(30)))) {
                b.tick();
                assertFalse(b.isMaster(), "sync-a's lease is still live");
                Thread.sleep(700);
                b.tick();
                assertTrue(b.isMaster());
                PlacementRound first = registry.placements().lastRound().orElseThrow();
                assertEquals("sync-b", first.master());
                assertEquals(RoundChanges.FIRST, first.changes());
                assertEquals(0, first.assigned(), "the new master read the placement and found it complete");

                registry.putSegment(promoted("after-failover", Tier.HOT));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!placement(registry).containsKey(SegmentId.of("after-failover")) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    b.tick();
                }
                assertEquals(2, placement(registry).get(SegmentId.of("after-failover")).size(), "the new master places new segments");

                // The deposed master wakes up: its lease is gone, and a round run with it writes nothing.
                a.tick();
                assertFalse(a.isMaster());
                registry.workers().heartbeat(worker("w4", Tier.HOT));
                try (Reconciler stale = new Reconciler(registry, fast)) {
                    assertNull(stale.reconcile(() -> Optional.of(deposed)), "fenced");
                }
                assertTrue(registry.placements().assignmentsOf("w4").isEmpty(), "nothing of the deposed master's landed");
            } finally {
                a.close();
            }
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

    /** The next round that does something: the registry's changes reach the master within a poll or a feed's delay. */
    private static Reconciler.ReconcileRound nextRound(Reconciler reconciler, Lease leader) throws InterruptedException {
        return roundWhere(reconciler, leader, round -> true);
    }

    private static Reconciler.ReconcileRound roundWhere(Reconciler reconciler, Lease leader, java.util.function.Predicate<Reconciler.ReconcileRound> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            Reconciler.ReconcileRound round = reconciler.reconcile(() -> Optional.of(leader));
            if (round != null && wanted.test(round)) return round;
            Thread.sleep(50);
        }
        throw new AssertionError("no such round within 10 s");
    }

    static Lease leader(Registry registry) {
        return registry.leases().acquire(LeaseName.LEADER, "sync", Duration.ofMinutes(1)).orElseThrow();
    }

    static Map<SegmentId, Set<String>> placement(Registry registry) {
        Map<SegmentId, Set<String>> placement = new HashMap<>();
        for (Assignment assignment : Page.all(after -> registry.placements().assignments(after, 1000))) {
            placement.computeIfAbsent(assignment.segment(), key -> new HashSet<>()).add(assignment.worker());
        }
        return placement;
    }

    private static Set<String> segmentsOf(Registry registry, String worker) {
        return registry.placements().assignmentsOf(worker).stream().map(Assignment::segment).map(SegmentId::value).collect(Collectors.toSet());
    }

    static WorkerRecord worker(String id, Tier tier) {
        return WorkerRecord.report(id, "http://127.0.0.1:1/" + id, 1L << 40, 0, tier, 0, Duration.ofMinutes(1));
    }

    static SegmentRecord promoted(String id, Tier tier) {
        return new SegmentRecord(SegmentId.of(id), "logs", 1, 1000, "sha256:00", "segments/" + id + "@1.sqlite", tier);
    }
}
