package trough.tools.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
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
 * R1-R6: a registry at the original design's scale. It registers promoted segments in batches, times prefix
 * listings, a heartbeat cycle of 100 workers, and the sync master's placement rounds: the first (every replica
 * assigned), one with nothing changed, and one after a 101st worker joined (only what moves is written).
 */
final class RegistryBench {
    static final int WORKERS = 100;
    private static final int BATCH = 10_000;
    private static final int WRITERS = 4;
    private static final int LISTINGS = 200;
    private static final int LISTING_PAGE = 1_000;

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

    private List<Figures> placement(String engine, Registry registry) {
        MasterSettings settings = new MasterSettings("bench-sync", Duration.ofSeconds(30), Duration.ofSeconds(10), 2, Duration.ofHours(1));
        try (SyncMaster master = new SyncMaster(registry, settings)) {
            PlacementRound.prepareCodec(); // as SyncMaster.start does: not part of a round
            console.printf("%s: placing %,d segments × 2 replicas on %d workers%n", engine, segments, WORKERS);
            double first = timed(master::tick);
            double unchanged = timed(master::tick);
            registry.workers().heartbeat(worker(WORKERS));
            double grown = timed(master::tick);
            int moved = registry.placements().assignmentsOf(workerId(WORKERS)).size();
            console.printf("%s: a 101st worker took %,d replicas (ideal %,d)%n", engine, moved, 2L * segments / (WORKERS + 1));
            return List.of(
                    new Figures("R4", String.format("first placement round: %,d assignments written", 2L * segments), engine, List.of(first), 2L * segments, -1),
                    new Figures("R5", "a placement round with nothing changed", engine, List.of(unchanged), 0, -1),
                    new Figures("R6", "a placement round after a 101st worker joined", engine, List.of(grown), moved, -1));
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
