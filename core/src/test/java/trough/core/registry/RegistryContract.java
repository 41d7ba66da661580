package trough.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;

/** What every registry implementation must do; each implementation runs it through a subclass. */
public abstract class RegistryContract {
    protected Registry registry;

    /** A registry with no schemas and no segments. */
    protected abstract Registry emptyRegistry() throws Exception;

    /** Another client of the registry {@link #emptyRegistry()} made, as another process would open it. */
    protected abstract Registry anotherClient() throws Exception;

    @BeforeEach
    void open() throws Exception {
        registry = emptyRegistry();
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void storesReplacesAndDeletesSchemas() {
        assertTrue(registry.putSchema(new SchemaDefinition("logs", "CREATE TABLE a(x)")));
        assertFalse(registry.putSchema(new SchemaDefinition("logs", "CREATE TABLE b(y)")));
        assertTrue(registry.putSchema(new SchemaDefinition("events", "CREATE TABLE e(z)")));
        assertEquals("CREATE TABLE b(y)", registry.schema("logs").orElseThrow().sql());
        assertEquals(List.of("events", "logs"), registry.schemas().stream().map(SchemaDefinition::name).toList());
        assertTrue(registry.deleteSchema("logs"));
        assertFalse(registry.deleteSchema("logs"));
        assertTrue(registry.schema("logs").isEmpty());
    }

    @Test
    void aSchemasSegmentKeyIsStoredReplacedAndDropped() {
        SegmentKey key = SegmentKey.of("crawl_job_id", "crawl-job-{crawl_job_id}");
        registry.putSchema(new SchemaDefinition("logs", "CREATE TABLE a(crawl_job_id)", key));
        assertEquals(Optional.of(new SchemaDefinition("logs", "CREATE TABLE a(crawl_job_id)", key)), registry.schema("logs"));
        assertEquals(List.of(key), registry.schemas().stream().map(SchemaDefinition::segmentKey).toList());
        registry.putSchema(new SchemaDefinition("logs", "CREATE TABLE a(crawl_job_id)"));
        assertNull(registry.schema("logs").orElseThrow().segmentKey(), "a schema stored again without a key has none");
    }

    @Test
    void registersManySegmentsAtOnce() {
        List<SegmentRecord> many = new ArrayList<>();
        for (int i = 0; i < 2500; i++) many.add(SegmentRecord.local(SegmentId.of(String.format("bulk-%05d", i)), "logs", i));
        registry.putSegment(SegmentRecord.local(SegmentId.of("bulk-00007"), "old", 1));
        registry.putSegments(many);
        assertEquals(2500, registry.segmentCountBySchema("logs"));
        assertEquals(0, registry.segmentCountBySchema("old"));
        assertEquals(SegmentRecord.local(SegmentId.of("bulk-02499"), "logs", 2499), registry.segment(SegmentId.of("bulk-02499")).orElseThrow());
    }

    @Test
    void storesReplacesAndDeletesSegments() {
        SegmentId id = SegmentId.of("job-1");
        registry.putSegment(SegmentRecord.local(id, "logs", 4096));
        registry.putSegment(new SegmentRecord(id, "logs", 3, 8192, "sha256:ab", "/segments/job-1.sqlite"));
        SegmentRecord stored = registry.segment(id).orElseThrow();
        assertEquals(new SegmentRecord(id, "logs", 3, 8192, "sha256:ab", "/segments/job-1.sqlite"), stored);
        assertEquals(1, registry.segmentCountBySchema("logs"));
        assertTrue(registry.deleteSegment(id));
        assertFalse(registry.deleteSegment(id));
        assertTrue(registry.segment(id).isEmpty());
        assertEquals(0, registry.segmentCountBySchema("logs"));
    }

    @Test
    void listsSegmentsByPrefixInPages() {
        for (int i = 0; i < 25; i++) registry.putSegment(SegmentRecord.local(SegmentId.of(String.format("job-%03d", i)), "logs", i));
        registry.putSegment(SegmentRecord.local(SegmentId.of("jo"), "logs", 0));
        registry.putSegment(SegmentRecord.local(SegmentId.of("other-1"), "logs", 0));

        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            SegmentPage page = registry.segments("job-", after, 10);
            page.segments().forEach(s -> seen.add(s.id().value()));
            after = page.next();
            pages++;
        } while (after != null);
        assertEquals(3, pages);
        assertEquals(25, seen.size());
        assertEquals("job-000", seen.get(0));
        assertEquals("job-024", seen.get(24));
        assertEquals(seen.stream().sorted().toList(), seen);

        SegmentPage all = registry.segments("", null, 100);
        assertEquals(27, all.segments().size());
        assertNull(all.next());
        assertThrows(IllegalArgumentException.class, () -> registry.segments("", null, 0));
    }

    @Test
    void listsTheSegmentsOfOneSchemaInPages() {
        for (int i = 0; i < 7; i++) registry.putSegment(SegmentRecord.local(SegmentId.of("a-" + i), "alpha", 0));
        for (int i = 0; i < 3; i++) registry.putSegment(SegmentRecord.local(SegmentId.of("b-" + i), "beta", 0));
        registry.putSegment(SegmentRecord.local(SegmentId.of("found"), null, 0));
        SegmentPage first = registry.segmentsOfSchema("alpha", null, 4);
        assertEquals(List.of("a-0", "a-1", "a-2", "a-3"), first.segments().stream().map(s -> s.id().value()).toList());
        SegmentPage second = registry.segmentsOfSchema("alpha", first.next(), 4);
        assertEquals(List.of("a-4", "a-5", "a-6"), second.segments().stream().map(s -> s.id().value()).toList());
        assertNull(second.next());
        assertEquals(3, registry.segmentsOfSchema("beta", null, 10).segments().size());
        assertTrue(registry.segmentsOfSchema("gamma", null, 10).segments().isEmpty());
    }

    @Test
    void replacesASegmentOnlyWhenNobodyChangedItInBetween() {
        SegmentId id = SegmentId.of("job-1");
        SegmentRecord first = SegmentRecord.local(id, "logs", 100);
        registry.putSegment(first);
        SegmentRecord promoted = new SegmentRecord(id, "logs", 1, 120, "sha256:01", "/s/job-1.sqlite");
        assertTrue(registry.replaceSegment(first, promoted));
        SegmentRecord other = new SegmentRecord(id, "logs", 2, 130, "sha256:02", "/s/job-1.sqlite");
        assertFalse(registry.replaceSegment(first, other), "the expected record is stale");
        assertEquals(promoted, registry.segment(id).orElseThrow());
        assertFalse(registry.replaceSegment(SegmentRecord.local(SegmentId.of("absent"), "logs", 1),
                SegmentRecord.local(SegmentId.of("absent"), "logs", 2)));
        assertTrue(registry.segment(SegmentId.of("absent")).isEmpty());
    }

    @Test
    void listsSegmentsMatchingARegularExpressionInPages() {
        for (int i = 0; i < 30; i++) registry.putSegment(SegmentRecord.local(SegmentId.of(String.format("crawl-%02d-%s", i, i % 3 == 0 ? "a" : "b")), "logs", 0));
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            SegmentPage page = registry.segmentsMatching("crawl-\\d+-a", after, 4);
            page.segments().forEach(s -> seen.add(s.id().value()));
            assertTrue(page.segments().size() <= 4);
            after = page.next();
        } while (after != null);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i += 3) expected.add(String.format("crawl-%02d-a", i));
        assertEquals(expected, seen);
        assertTrue(registry.segmentsMatching("crawl", null, 10).segments().isEmpty(), "the whole id must match");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> registry.segmentsMatching("crawl-(", null, 10));
        assertTrue(bad.getMessage().contains("crawl-("), bad.getMessage());
    }

    @Test
    void theVersionMovesWithWhatADriverCachesAndNotWithHeartbeats() {
        String start = registry.version();
        registry.putSchema(new SchemaDefinition("logs", "CREATE TABLE a(x)"));
        String afterSchema = registry.version();
        assertNotEquals(start, afterSchema);
        registry.putSegment(SegmentRecord.local(SegmentId.of("s1"), "logs", 0));
        String afterSegment = registry.version();
        assertNotEquals(afterSchema, afterSegment);
        registry.placements().reportReplica(new Replica(SegmentId.of("s1"), "w1", 0));
        String afterReplica = registry.version();
        assertNotEquals(afterSegment, afterReplica);
        registry.workers().heartbeat(worker("w1", Duration.ofSeconds(10)));
        Lease lease = registry.leases().acquire(LeaseName.write(SegmentId.of("s1")), "w1", Duration.ofSeconds(10)).orElseThrow();
        String afterLease = registry.version();
        assertNotEquals(afterReplica, afterLease, "a new writer changes where reads go");
        registry.leases().renew(lease, Duration.ofSeconds(10)).orElseThrow();
        registry.workers().heartbeat(worker("w1", Duration.ofSeconds(10)));
        assertEquals(afterLease, registry.version(), "renewals and heartbeats change nothing a driver caches");
    }

    @Test
    void heartbeatsAreStampedByTheRegistryAndExpire() throws Exception {
        Instant before = registry.now();
        WorkerRecord stored = registry.workers().heartbeat(worker("w1", Duration.ofMillis(300)));
        assertFalse(stored.heartbeatAt().isBefore(before), "stamped with the registry's time, not the report's");
        assertEquals(stored, registry.workers().worker("w1").orElseThrow());
        assertTrue(stored.aliveAt(registry.now()));
        registry.workers().heartbeat(worker("w2", Duration.ofSeconds(30)));
        assertEquals(List.of("w1", "w2"), registry.workers().all().stream().map(WorkerRecord::id).toList());
        Thread.sleep(400);
        Instant now = registry.now();
        assertFalse(registry.workers().worker("w1").orElseThrow().aliveAt(now));
        assertTrue(registry.workers().worker("w2").orElseThrow().aliveAt(now));
        assertTrue(registry.workers().heartbeat(worker("w1", Duration.ofMillis(300))).aliveAt(registry.now()), "a late heartbeat revives it");
        assertTrue(registry.workers().remove("w1"));
        assertFalse(registry.workers().remove("w1"));
        assertTrue(registry.workers().worker("w1").isEmpty());
    }

    @Test
    void aLeaseHasOneHolderUntilItExpiresThenAnotherTakesItWithAHigherEpoch() throws Exception {
        String name = LeaseName.write(SegmentId.of("s1"));
        Lease first = registry.leases().acquire(name, "w1", Duration.ofMillis(400)).orElseThrow();
        assertEquals("w1", first.holder());
        assertTrue(registry.leases().acquire(name, "w2", Duration.ofSeconds(5)).isEmpty(), "held by w1");
        Lease renewed = registry.leases().renew(first, Duration.ofMillis(400)).orElseThrow();
        assertEquals(first.epoch(), renewed.epoch(), "a renewal keeps the epoch");
        assertFalse(renewed.expiresAt().isBefore(first.expiresAt()));
        Lease reacquired = registry.leases().acquire(name, "w1", Duration.ofMillis(400)).orElseThrow();
        assertEquals(first.epoch(), reacquired.epoch(), "the holder acquiring again is a renewal");

        Thread.sleep(500);
        Lease stolen = registry.leases().acquire(name, "w2", Duration.ofSeconds(5)).orElseThrow();
        assertEquals("w2", stolen.holder());
        assertTrue(stolen.epoch() > first.epoch());
        assertTrue(registry.leases().renew(reacquired, Duration.ofSeconds(5)).isEmpty(), "the old holder lost it");
        assertFalse(registry.leases().release(reacquired), "the old holder cannot release the new holder's lease");
        assertEquals(Optional.of(stolen), registry.leases().current(name));
        assertEquals(Map.of(name, stolen), registry.leases().current(List.of(name, "write:unknown")));

        assertTrue(registry.leases().release(stolen));
        assertTrue(registry.leases().current(name).isEmpty());
        Lease after = registry.leases().acquire(name, "w1", Duration.ofSeconds(5)).orElseThrow();
        assertTrue(after.epoch() > stolen.epoch(), "a released lease's epoch is never reused");
    }

    @Test
    void epochsOnlyEverGrow() {
        long last = 0;
        for (int i = 0; i < 20; i++) {
            Lease lease = registry.leases().acquire(LeaseName.LEADER, "sync-" + i, Duration.ofSeconds(5)).orElseThrow();
            assertTrue(lease.epoch() > last, "epoch " + lease.epoch() + " after " + last);
            last = lease.epoch();
            assertTrue(registry.leases().release(lease));
        }
    }

    @Test
    void clientsRacingForALeaseNeverBothGetIt() throws Exception {
        try (Registry other = anotherClient()) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 20; round++) {
                    String name = "race-" + round;
                    List<Callable<Optional<Lease>>> contenders = List.of(
                            () -> registry.leases().acquire(name, "a", Duration.ofSeconds(5)),
                            () -> other.leases().acquire(name, "b", Duration.ofSeconds(5)),
                            () -> registry.leases().acquire(name, "c", Duration.ofSeconds(5)),
                            () -> other.leases().acquire(name, "d", Duration.ofSeconds(5)));
                    List<Lease> won = new ArrayList<>();
                    for (Future<Optional<Lease>> result : pool.invokeAll(contenders)) result.get().ifPresent(won::add);
                    assertEquals(1, won.size(), "round " + round + ": " + won);
                    assertEquals(Optional.of(won.get(0)), other.leases().current(name));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void onlyTheCurrentLeaderWritesAssignments() throws Exception {
        SegmentId s1 = SegmentId.of("s1");
        SegmentId s2 = SegmentId.of("s2");
        Lease leader = registry.leases().acquire(LeaseName.LEADER, "sync-a", Duration.ofMillis(300)).orElseThrow();
        assertTrue(registry.placements().assign(leader, List.of(new Assignment(s1, "w1"), new Assignment(s1, "w2"), new Assignment(s2, "w1")), List.of()));
        assertTrue(registry.placements().assign(leader, List.of(new Assignment(s2, "w3")), List.of(new Assignment(s1, "w2"))));
        assertEquals(List.of(new Assignment(s1, "w1"), new Assignment(s2, "w1")), registry.placements().assignmentsOf("w1"));
        Map<SegmentId, List<Assignment>> bySegment = registry.placements().assignmentsOf(List.of(s1, s2, SegmentId.of("none")));
        assertEquals(List.of(new Assignment(s1, "w1")), bySegment.get(s1));
        assertEquals(List.of(new Assignment(s2, "w1"), new Assignment(s2, "w3")), bySegment.get(s2));
        assertFalse(bySegment.containsKey(SegmentId.of("none")));

        Thread.sleep(400);
        assertFalse(registry.placements().assign(leader, List.of(new Assignment(s1, "w9")), List.of()), "an expired leader is fenced");
        Lease next = registry.leases().acquire(LeaseName.LEADER, "sync-b", Duration.ofSeconds(5)).orElseThrow();
        assertFalse(registry.placements().assign(leader, List.of(), List.of(new Assignment(s1, "w1"))), "a stale leader is fenced");
        assertTrue(registry.placements().assignmentsOf("w9").isEmpty());
        assertEquals(List.of(new Assignment(s1, "w1")), registry.placements().assignmentsOf(List.of(s1)).get(s1), "nothing changed");
        assertTrue(registry.placements().assign(next, List.of(new Assignment(s1, "w9")), List.of()));
        assertEquals(List.of(new Assignment(s1, "w9")), registry.placements().assignmentsOf("w9"));
    }

    @Test
    void theLeaderReportsItsLastRoundWithoutMovingTheVersion() throws Exception {
        assertEquals(Optional.empty(), registry.placements().lastRound());
        Lease leader = registry.leases().acquire(LeaseName.LEADER, "sync-a", Duration.ofSeconds(30)).orElseThrow();
        PlacementRound first = new PlacementRound("sync-a", leader.epoch(), 1_000, 12, "first round as master", 3, 10, 20, 0, 2, 0, 20);
        PlacementRound second = new PlacementRound("sync-a", leader.epoch(), 2_000, 7, "workers joined: w4", 4, 10, 5, 5, 2, 1, 5);
        String version = registry.version();
        assertTrue(registry.placements().reportRound(leader, first));
        assertTrue(registry.placements().reportRound(leader, second));
        assertEquals(version, registry.version(), "a report is no change a driver must notice");
        try (Registry other = anotherClient()) {
            assertEquals(Optional.of(second), other.placements().lastRound(), "the last report replaces the one before");
        }
        registry.leases().release(leader);
        Lease next = registry.leases().acquire(LeaseName.LEADER, "sync-b", Duration.ofSeconds(30)).orElseThrow();
        PlacementRound late = new PlacementRound("sync-a", leader.epoch(), 3_000, 1, "registry changed", 4, 10, 0, 0, 2, 0, 0);
        assertFalse(registry.placements().reportRound(leader, late), "a stale leader is fenced");
        assertEquals(Optional.of(second), registry.placements().lastRound());
        PlacementRound newer = new PlacementRound("sync-b", next.epoch(), 4_000, 3, "first round as master", 4, 10, 0, 0, 2, 0, 0);
        assertTrue(registry.placements().reportRound(next, newer));
        assertEquals(Optional.of(newer), registry.placements().lastRound());
    }

    @Test
    void aWatcherHearsOfItsWorkersNewAndRemovedAssignmentsFromAnotherClient() throws Exception {
        Lease leader = registry.leases().acquire(LeaseName.LEADER, "sync-a", Duration.ofSeconds(30)).orElseThrow();
        Assignment s1w1 = new Assignment(SegmentId.of("s1"), "w1");
        Assignment s1w2 = new Assignment(SegmentId.of("s1"), "w2");
        Semaphore heard = new Semaphore(0);
        try (Registry other = anotherClient()) {
            Watch watch = other.placements().watchAssignments("w1", heard::release);
            try {
                assertEquals(0, heard.availablePermits(), "nothing changed yet");
                assertTrue(registry.placements().assign(leader, List.of(s1w1, s1w2), List.of()));
                assertTrue(heard.tryAcquire(10, TimeUnit.SECONDS), "the watcher was not told of its new assignment within 10 s");
                heard.drainPermits();
                // The segment stays assigned to another worker: w1 must still hear that it lost it.
                assertTrue(registry.placements().assign(leader, List.of(), List.of(s1w1)));
                assertTrue(heard.tryAcquire(10, TimeUnit.SECONDS), "the watcher was not told of its removed assignment within 10 s");
                assertEquals(List.of(), other.placements().assignmentsOf("w1"));
                assertEquals(List.of(s1w2), other.placements().assignmentsOf("w2"));
            } finally {
                watch.close();
            }
        }
    }

    @Test
    void replicasAreWhatWorkersReportAndOutliveTheirSegmentUntilDropped() {
        SegmentId s1 = SegmentId.of("s1");
        SegmentId s2 = SegmentId.of("s2");
        registry.putSegment(SegmentRecord.local(s1, "logs", 0));
        registry.placements().reportReplica(new Replica(s1, "w1", 0));
        registry.placements().reportReplica(new Replica(s1, "w1", 3));
        registry.placements().reportReplica(new Replica(s1, "w2", 2));
        registry.placements().reportReplica(new Replica(s2, "w1", 1));
        assertEquals(List.of(new Replica(s1, "w1", 3), new Replica(s2, "w1", 1)), registry.placements().replicasOf("w1"));
        assertEquals(Set.of(new Replica(s1, "w1", 3), new Replica(s1, "w2", 2)), Set.copyOf(registry.placements().replicasOf(List.of(s1)).get(s1)));
        assertTrue(registry.placements().dropReplica(s2, "w1"));
        assertFalse(registry.placements().dropReplica(s2, "w1"));
        assertTrue(registry.placements().replicasOf(List.of(s2)).isEmpty());

        Lease leader = registry.leases().acquire(LeaseName.LEADER, "sync-a", Duration.ofSeconds(5)).orElseThrow();
        registry.placements().assign(leader, List.of(new Assignment(s1, "w1")), List.of());
        assertTrue(registry.deleteSegment(s1));
        assertTrue(registry.placements().assignmentsOf("w1").isEmpty(), "deleting a segment forgets its assignments");
        assertEquals(List.of(new Replica(s1, "w1", 3)), registry.placements().replicasOf("w1"),
                "but not its replicas: each worker drops its copy, then says so");
    }

    @Test
    void findsTheReplicasOfManySegmentsAtOnce() {
        List<SegmentId> ids = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            SegmentId id = SegmentId.of("seg-" + i);
            ids.add(id);
            if (i % 2 == 0) registry.placements().reportReplica(new Replica(id, "w" + (i % 3), i));
        }
        Map<SegmentId, List<Replica>> replicas = registry.placements().replicasOf(ids);
        assertEquals(600, replicas.size());
        assertEquals(List.of(new Replica(SegmentId.of("seg-1198"), "w1", 1198)), replicas.get(SegmentId.of("seg-1198")));
    }

    @Test
    void aFollowerHearsEverySegmentAndReplicaChangeFromAnotherClient() throws Exception {
        BlockingQueue<RegistryChange> heard = new LinkedBlockingQueue<>();
        SegmentId id = SegmentId.of("s1");
        SegmentRecord created = SegmentRecord.local(id, "logs", 10);
        SegmentRecord promoted = new SegmentRecord(id, "logs", 1, 12, "sha256:01", "segments/s1@1.sqlite");
        try (Registry other = anotherClient(); Watch watch = registry.followChanges(heard::add)) {
            other.putSegment(created);
            assertEquals(new RegistryChange.SegmentChanged(id, created), next(heard, RegistryChange.SegmentChanged.class));
            assertTrue(other.replaceSegment(created, promoted));
            assertEquals(new RegistryChange.SegmentChanged(id, promoted), next(heard, RegistryChange.SegmentChanged.class));
            other.placements().reportReplica(new Replica(id, "w1", 1));
            assertEquals(new RegistryChange.ReplicaChanged(id, "w1", new Replica(id, "w1", 1)), next(heard, RegistryChange.ReplicaChanged.class));
            assertTrue(other.placements().dropReplica(id, "w1"));
            assertEquals(new RegistryChange.ReplicaChanged(id, "w1", null), next(heard, RegistryChange.ReplicaChanged.class));
            assertTrue(other.deleteSegment(id));
            assertEquals(new RegistryChange.SegmentChanged(id, null), next(heard, RegistryChange.SegmentChanged.class));
            other.putSegments(List.of(SegmentRecord.local(SegmentId.of("a"), "logs", 1), SegmentRecord.local(SegmentId.of("b"), "logs", 2)));
            Set<SegmentId> bulk = new HashSet<>();
            bulk.add(next(heard, RegistryChange.SegmentChanged.class).id());
            bulk.add(next(heard, RegistryChange.SegmentChanged.class).id());
            assertEquals(Set.of(SegmentId.of("a"), SegmentId.of("b")), bulk, "a bulk registration is heard segment by segment");
        }
    }

    @Test
    void aClosedFollowerHearsNothingMore() throws Exception {
        BlockingQueue<RegistryChange> heard = new LinkedBlockingQueue<>();
        Watch watch = registry.followChanges(heard::add);
        registry.putSegment(SegmentRecord.local(SegmentId.of("before"), "logs", 1));
        assertEquals(SegmentId.of("before"), next(heard, RegistryChange.SegmentChanged.class).id());
        watch.close();
        registry.putSegment(SegmentRecord.local(SegmentId.of("after"), "logs", 1));
        Thread.sleep(600);
        assertTrue(heard.isEmpty(), "heard after closing: " + heard);
    }

    @Test
    void pagesThroughEveryAssignmentAndReplica() {
        Lease leader = registry.leases().acquire(LeaseName.LEADER, "sync-a", Duration.ofSeconds(30)).orElseThrow();
        Set<Assignment> assigned = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            for (String worker : List.of("w1", "w2")) assigned.add(new Assignment(SegmentId.of("seg-" + i), worker));
            registry.placements().reportReplica(new Replica(SegmentId.of("seg-" + i), "w" + (i % 3), i));
        }
        assertTrue(registry.placements().assign(leader, assigned, List.of()));
        Set<Assignment> paged = new HashSet<>();
        String after = null;
        int pages = 0;
        do {
            Page<Assignment> page = registry.placements().assignments(after, 7);
            assertTrue(page.items().size() <= 7);
            paged.addAll(page.items());
            after = page.next();
            pages++;
        } while (after != null);
        assertEquals(assigned, paged);
        assertEquals(8, pages, "50 assignments in pages of 7");
        Set<Replica> replicas = new HashSet<>();
        after = null;
        do {
            Page<Replica> page = registry.placements().replicas(after, 10);
            replicas.addAll(page.items());
            after = page.next();
        } while (after != null);
        assertEquals(25, replicas.size());
        assertTrue(replicas.contains(new Replica(SegmentId.of("seg-24"), "w0", 24)));
        assertThrows(IllegalArgumentException.class, () -> registry.placements().assignments(null, 0));
    }

    @Test
    void everyPageSizePagesThroughEveryAssignmentOnceWhateverEachSegmentsWorkers() {
        Lease leader = registry.leases().acquire(LeaseName.LEADER, "sync-a", Duration.ofSeconds(30)).orElseThrow();
        List<Assignment> assigned = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (int w = 0; w <= i % 4; w++) assigned.add(new Assignment(SegmentId.of("seg-" + i), "w" + w));
        }
        assertTrue(registry.placements().assign(leader, assigned, List.of()));
        for (int limit : new int[] {1, 2, 3, 5, 50}) {
            List<Assignment> paged = new ArrayList<>();
            String after = null;
            do {
                Page<Assignment> page = registry.placements().assignments(after, limit);
                assertTrue(page.items().size() <= limit, page.items().size() + " in a page of " + limit);
                paged.addAll(page.items());
                after = page.next();
            } while (after != null);
            assertEquals(assigned.size(), paged.size(), "each once, in pages of " + limit);
            assertEquals(Set.copyOf(assigned), Set.copyOf(paged), "pages of " + limit);
        }
    }

    @Test
    void aDeposedLeadersLargeBatchIsRefusedWholeAndTheLeadersLandsWhole() throws Exception {
        List<Assignment> many = new ArrayList<>();
        for (int i = 0; i < 12_000; i++) many.add(new Assignment(SegmentId.of(String.format("big-%05d", i)), "w" + (i % 4)));
        Lease deposed = registry.leases().acquire(LeaseName.LEADER, "sync-a", Duration.ofMillis(300)).orElseThrow();
        Thread.sleep(400);
        Lease leader = registry.leases().acquire(LeaseName.LEADER, "sync-b", Duration.ofSeconds(60)).orElseThrow();
        assertFalse(registry.placements().assign(deposed, many, List.of()), "the deposed leader is fenced");
        assertNull(registry.placements().assignments(null, 1).next(), "not one of its assignments landed");
        assertTrue(registry.placements().assignments(null, 1).items().isEmpty());
        assertTrue(registry.placements().assign(leader, many, List.of()));
        assertEquals(3_000, registry.placements().assignmentsOf("w3").size());
        assertFalse(registry.placements().assign(deposed, List.of(), many), "nor can it remove");
        assertEquals(3_000, registry.placements().assignmentsOf("w3").size());
        assertTrue(registry.placements().assign(leader, List.of(), many));
        assertTrue(registry.placements().assignmentsOf("w3").isEmpty());
    }

    /** The next change of that kind, skipping others (a registry may tell a change's parts in any order). */
    private static <T extends RegistryChange> T next(BlockingQueue<RegistryChange> heard, Class<T> kind) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            RegistryChange change = heard.poll(100, TimeUnit.MILLISECONDS);
            if (kind.isInstance(change)) return kind.cast(change);
        }
        throw new AssertionError("no " + kind.getSimpleName() + " heard within 10 s");
    }

    private static WorkerRecord worker(String id, Duration ttl) {
        return WorkerRecord.report(id, "http://127.0.0.1:1/" + id, 1L << 30, 0, Tier.HOT, 0, ttl);
    }
}
