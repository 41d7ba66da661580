package trough.tools.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.PlacementRound;
import trough.core.registry.Registry;
import trough.core.registry.SegmentPage;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Tier;
import trough.core.registry.WorkerRecord;
import trough.core.segment.SegmentId;
import trough.sync.master.MasterSettings;
import trough.sync.master.SyncMaster;
import trough.tools.console.ProgressLine;

/**
 * R1-R9: a registry at the original design's scale. It registers promoted segments in batches, times prefix
 * listings, a heartbeat cycle of 100 workers, and the sync master's placement rounds: the first (every replica
 * assigned), one with nothing changed, and one after a 101st worker joined (only what moves is written). Then,
 * with the master running on its own schedule as a sync server runs it: how soon a newly promoted segment is
 * assigned (R7), how soon a lost worker's segments have R copies assigned again (R8), and, after the master's host
 * died, how soon the new master places a segment promoted meanwhile once it holds the lease (R9) and how long its
 * first full round takes (R9c).
 */
final class RegistryBench {
    static final int WORKERS = 100;
    private static final int BATCH = 10_000;
    private static final int WRITERS = 4;
    private static final int LISTINGS = 200;
    private static final int LISTING_PAGE = 1_000;
    private static final int PROMOTIONS = 20;
    /** How long a measured step may take before the benchmark gives up on it. */
    private static final Duration WAIT = Duration.ofMinutes(30);

    private final int segments;
    private final PrintStream console;

    RegistryBench(int segments, PrintStream console) {
        if (segments < 10_000) throw new IllegalArgumentException("--segments must be at least 10,000, not " + segments);
        this.segments = segments;
        this.console = console;
    }

    /** Every figure of one registry, named {@code engine}; the registry must hold no segments yet. */
    List<Figures> run(String engine, Registry registry) throws Exception {
        if (!registry.segments("", null, 1).segments().isEmpty()) {
            throw new IllegalStateException(engine + ": the registry already holds segments; benchmark an empty one (a new database)");
        }
        List<Figures> figures = new ArrayList<>();
        figures.add(register(engine, registry));
        figures.add(listByPrefix(engine, registry));
        figures.add(heartbeats(engine, registry));
        figures.addAll(placement(engine, registry));
        return figures;
    }

    private Figures register(String engine, Registry registry) throws Exception {
        ProgressLine progress = new ProgressLine(console, engine + ": registering", segments);
        AtomicLong done = new AtomicLong();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        long started = System.nanoTime();
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int start = 0; start < segments; start += BATCH) {
                int first = start;
                batches.add(writers.submit(() -> {
                    List<SegmentRecord> batch = new ArrayList<>(BATCH);
                    for (int i = first; i < Math.min(segments, first + BATCH); i++) batch.add(promoted(i));
                    registry.putSegments(batch);
                    synchronized (progress) {
                        progress.update(done.addAndGet(batch.size()));
                    }
                    return null;
                }));
            }
            for (Future<?> batch : batches) batch.get();
        } finally {
            writers.shutdownNow();
        }
        double millis = (System.nanoTime() - started) / 1e6;
        progress.finish(String.format("%,d segments", segments));
        return new Figures("R1", String.format("register %,d promoted segments, batches of %,d from %d threads", segments, BATCH, WRITERS),
                engine, List.of(millis), segments, -1);
    }

    private Figures listByPrefix(String engine, Registry registry) {
        Random random = new Random(7);
        List<Double> millis = new ArrayList<>();
        int prefixes = Math.max(1, segments / LISTING_PAGE);
        for (int run = 0; run < LISTINGS; run++) {
            String prefix = String.format("seg-%04d", random.nextInt(prefixes));
            long started = System.nanoTime();
            SegmentPage page = registry.segments(prefix, null, LISTING_PAGE);
            millis.add((System.nanoTime() - started) / 1e6);
            if (page.segments().isEmpty()) throw new IllegalStateException(engine + ": no segment starts with " + prefix);
        }
        return new Figures("R2", "list the segments of one id prefix, a page of up to " + LISTING_PAGE, engine, millis, LISTING_PAGE, -1);
    }

    private Figures heartbeats(String engine, Registry registry) {
        List<Double> millis = new ArrayList<>();
        for (int cycle = 0; cycle < 10; cycle++) {
            long started = System.nanoTime();
            for (int w = 0; w < WORKERS; w++) registry.workers().heartbeat(worker(w));
            millis.add((System.nanoTime() - started) / 1e6);
        }
        return new Figures("R3", "one heartbeat cycle of " + WORKERS + " workers (one write each)", engine, millis, WORKERS, -1);
    }

    private List<Figures> placement(String engine, Registry registry) throws Exception {
        // A sync server's interval; the lease long enough that no pause of a loaded machine costs it.
        MasterSettings settings = new MasterSettings("bench-sync", Duration.ofSeconds(30), Duration.ofSeconds(2), 2, Duration.ofHours(1));
        List<Figures> figures = new ArrayList<>();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        SyncMaster master = new SyncMaster(registry, settings);
        try {
            PlacementRound.prepareCodec(); // as SyncMaster.start does: not part of a round
            console.printf("%s: placing %,d segments × 2 replicas on %d workers%n", engine, segments, WORKERS);
            double first = timed(master::tick);
            double unchanged = timed(master::tick);
            registry.workers().heartbeat(worker(WORKERS));
            double grown = timed(master::tick);
            int moved = registry.placements().assignmentsOf(workerId(WORKERS)).size();
            console.printf("%s: a 101st worker took %,d replicas (ideal %,d)%n", engine, moved, 2L * segments / (WORKERS + 1));
            figures.add(new Figures("R4", String.format("first placement round: %,d assignments written", 2L * segments), engine, List.of(first), 2L * segments, -1));
            figures.add(new Figures("R5", "a placement round with nothing changed", engine, List.of(unchanged), 0, -1));
            figures.add(new Figures("R6", "a placement round after a 101st worker joined", engine, List.of(grown), moved, -1));

            master.start(scheduler);
            figures.add(newlyPromoted(engine, registry));
            figures.add(lostWorker(engine, registry));
            scheduler.shutdownNow(); // the master's host dies: it stops, holding the lease until it lapses
            figures.addAll(failover(engine, registry));
            return figures;
        } finally {
            scheduler.shutdownNow();
            master.close();
        }
    }

    /** R7: segments promoted one at a time, each timed from its registration until both its replicas are assigned. */
    private Figures newlyPromoted(String engine, Registry registry) throws InterruptedException {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < PROMOTIONS; i++) {
            SegmentRecord segment = promoted(segments + i);
            long started = System.nanoTime();
            registry.putSegment(segment);
            while (registry.placements().assignmentsOf(List.of(segment.id())).getOrDefault(segment.id(), List.of()).size() < 2) {
                if (System.nanoTime() - started > WAIT.toNanos()) throw new IllegalStateException(engine + ": " + segment.id() + " was not assigned within " + WAIT);
                Thread.sleep(5);
            }
            millis.add((System.nanoTime() - started) / 1e6);
        }
        return new Figures("R7", "a newly promoted segment: registered until both replicas are assigned (master running)", engine, millis, 2, -1);
    }

    /** R8: a worker removed; timed until the master's round that placed its segments elsewhere is reported. */
    private Figures lostWorker(String engine, Registry registry) throws InterruptedException {
        String lost = workerId(WORKERS / 2);
        int held = registry.placements().assignmentsOf(lost).size();
        long before = registry.placements().lastRound().map(PlacementRound::finishedAtMillis).orElse(0L);
        long started = System.nanoTime();
        registry.workers().remove(lost);
        PlacementRound round = awaitRound(engine, registry, r -> r.finishedAtMillis() > before && r.changes().contains("workers left"));
        double millis = (System.nanoTime() - started) / 1e6;
        int left = registry.placements().assignmentsOf(lost).size();
        if (left > 0) throw new IllegalStateException(engine + ": " + lost + " still has " + left + " assignments after the round");
        console.printf("%s: %s's %,d replicas were assigned elsewhere: %s%n", engine, lost, held, round);
        return new Figures("R8", "a lost worker: removed until its segments have R copies assigned again", engine, List.of(millis), held, -1);
    }

    /**
     * R9: the master's host dies (it stops, holding the lease until it lapses) and a segment is promoted right after;
     * a second sync server, standing by, takes over once the lease lapses. Timed from its taking the lease to that
     * segment's first placement (both replicas assigned): how soon the new master resumes placing. R9b: a segment
     * promoted once the new master leads, registered until assigned (while its view loads, at this scale). R9c: the
     * new master's first full round, its whole view read and placed, from taking the lease to its end.
     */
    private List<Figures> failover(String engine, Registry registry) throws InterruptedException {
        MasterSettings settings = new MasterSettings("bench-sync-b", Duration.ofSeconds(30), Duration.ofSeconds(2), 2, Duration.ofHours(1));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (SyncMaster successor = new SyncMaster(registry, settings)) {
            // Standing by (the dead master's lease is still live), it follows the registry's changes from here on.
            successor.tick();
            if (successor.isMaster()) throw new IllegalStateException(engine + ": the second sync server led before the first one's lease lapsed");
            SegmentRecord betweenMasters = promoted(segments + PROMOTIONS);
            registry.putSegment(betweenMasters);
            long waiting = System.nanoTime();
            successor.start(scheduler);
            long leased = awaitLeader(engine, registry, settings.syncId());
            long resumed = awaitAssigned(engine, registry, betweenMasters.id());
            SegmentRecord duringLoad = promoted(segments + PROMOTIONS + 1);
            long registered = System.nanoTime();
            registry.putSegment(duringLoad);
            long placed = awaitAssigned(engine, registry, duringLoad.id());
            boolean beforeFullRound = registry.placements().lastRound().filter(r -> r.master().equals(settings.syncId())).isEmpty();
            PlacementRound round = awaitRound(engine, registry, r -> r.master().equals(settings.syncId()));
            console.printf("%s: the new master took the lease after %.1f s (the old one's lapsed); it placed the segment promoted before in %,.0f ms, "
                            + "one promoted after in %,.0f ms (%s its first full round), and finished its first full round in %,d ms: %s%n",
                    engine, (leased - waiting) / 1e9, (resumed - leased) / 1e6, (placed - registered) / 1e6,
                    beforeFullRound ? "before" : "after", round.durationMillis(), round);
            return List.of(
                    new Figures("R9", "failover: from taking the lease to placing a segment promoted after the old master died", engine,
                            List.of((resumed - leased) / 1e6), 2, -1),
                    new Figures("R9b", "failover: a segment promoted " + (beforeFullRound ? "while the new master's view loads" : "after the new master's first round")
                            + ": registered until assigned", engine, List.of((placed - registered) / 1e6), 2, -1),
                    new Figures("R9c", "failover: the new master's first full round, from taking the lease to its end", engine,
                            List.of((double) round.durationMillis()), round.segments(), -1));
        } finally {
            scheduler.shutdownNow();
        }
    }

    /** When (System.nanoTime) the sync server {@code syncId} was first seen holding the leader lease. */
    private long awaitLeader(String engine, Registry registry, String syncId) throws InterruptedException {
        long started = System.nanoTime();
        while (!registry.leases().current(LeaseName.LEADER).map(Lease::holder).filter(syncId::equals).isPresent()) {
            if (System.nanoTime() - started > WAIT.toNanos()) throw new IllegalStateException(engine + ": " + syncId + " did not take the lease within " + WAIT);
            Thread.sleep(5);
        }
        return System.nanoTime();
    }

    /** When (System.nanoTime) both of the segment's replicas were first seen assigned. */
    private long awaitAssigned(String engine, Registry registry, SegmentId segment) throws InterruptedException {
        long started = System.nanoTime();
        while (registry.placements().assignmentsOf(List.of(segment)).getOrDefault(segment, List.of()).size() < 2) {
            if (System.nanoTime() - started > WAIT.toNanos()) throw new IllegalStateException(engine + ": " + segment + " was not assigned within " + WAIT);
            Thread.sleep(5);
        }
        return System.nanoTime();
    }

    private PlacementRound awaitRound(String engine, Registry registry, java.util.function.Predicate<PlacementRound> wanted) throws InterruptedException {
        long started = System.nanoTime();
        while (true) {
            Optional<PlacementRound> round = registry.placements().lastRound();
            if (round.isPresent() && wanted.test(round.get())) return round.get();
            if (System.nanoTime() - started > WAIT.toNanos()) throw new IllegalStateException(engine + ": no such placement round within " + WAIT);
            Thread.sleep(20);
        }
    }

    private static double timed(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1e6;
    }

    private static SegmentRecord promoted(int i) {
        String id = String.format("seg-%07d", i);
        return new SegmentRecord(SegmentId.of(id), "crawl_log", 1, 1_000_000 + i % 1000, "sha256:" + Integer.toHexString(i),
                "segments/" + id + "@1.sqlite", Tier.HOT);
    }

    private static String workerId(int w) {
        return String.format("w-%03d", w);
    }

    private static WorkerRecord worker(int w) {
        return WorkerRecord.report(workerId(w), "http://10.0.0." + w + ":6444", 1L << 42, 0, Tier.HOT, 0, Duration.ofMinutes(10));
    }
}
