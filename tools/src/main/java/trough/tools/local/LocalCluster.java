package trough.tools.local;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import trough.core.registry.Registry;
import trough.core.registry.Replica;
import trough.core.registry.SegmentPage;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;
import trough.sync.master.MasterSettings;
import trough.sync.master.SyncMaster;
import trough.tools.console.ProgressLine;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;
import trough.worker.segment.SegmentCatalog;

/**
 * A whole cluster in one process: N workers and a sync master over one registry, with durable copies in a
 * directory ({@code file://}) unless told otherwise. An embedded registry lives in {@code <data>/.trough/} so
 * that it is never mistaken for a segment file; the first worker serves {@code <data>} itself, the others
 * {@code <data>/.trough/worker-N}.
 */
public final class LocalCluster implements AutoCloseable {
    private final Registry registry;
    private final List<WorkerServer> workers;
    private final SyncMaster master;
    private final ScheduledExecutorService masterThread;

    private LocalCluster(Registry registry, List<WorkerServer> workers, SyncMaster master, ScheduledExecutorService masterThread) {
        this.registry = registry;
        this.workers = workers;
        this.master = master;
        this.masterThread = masterThread;
    }

    public static Path registryDir(Path dataDir) {
        return dataDir.resolve(".trough");
    }

    /** The storage a local cluster uses when given none: a directory beside the registry. */
    public static URI defaultStorage(Path dataDir) {
        return registryDir(dataDir.toAbsolutePath()).resolve("storage").toUri();
    }

    /**
     * Starts {@code workerCount} workers from {@code first} (the next ones on the following ports, or any free
     * port when {@code first} asks for port 0) over {@code registry}, which the cluster closes, and a sync master
     * placing {@code replicas} copies of each segment.
     */
    public static LocalCluster start(WorkerConfig first, Registry registry, int workerCount, int replicas) {
        List<WorkerServer> workers = new ArrayList<>();
        ScheduledExecutorService masterThread = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 1; i <= workerCount; i++) {
                WorkerConfig config = i == 1 ? first : first
                        .withPort(first.port() == 0 ? 0 : first.port() + i - 1)
                        .withDataDir(registryDir(first.dataDir()).resolve("worker-" + i));
                workers.add(WorkerServer.start(config.withMembership(config.membership().withWorkerId("worker-" + i)), registry));
            }
            SyncMaster master = new SyncMaster(registry, MasterSettings.defaults("local-sync").withReplicas(replicas));
            master.start(masterThread);
            return new LocalCluster(registry, workers, master, masterThread);
        } catch (RuntimeException e) {
            workers.forEach(WorkerServer::close);
            masterThread.shutdownNow();
            registry.close();
            throw e;
        }
    }

    public Registry registry() {
        return registry;
    }

    /** The first worker: the one serving the data directory. */
    public WorkerServer worker() {
        return workers.get(0);
    }

    public List<WorkerServer> workers() {
        return workers;
    }

    /** Segment files found in the data directory at start that the registry did not know, and files skipped there. */
    public SegmentCatalog.LocalFiles newlyRegistered() {
        return worker().registeredAtStart();
    }

    /**
     * Promotes the first worker's segments that were never promoted, so that the sync master can place them on
     * the other workers.
     */
    public int promoteUnpromoted(PrintStream out) {
        List<SegmentId> waiting = new ArrayList<>();
        String after = null;
        do {
            SegmentPage page = registry.segments("", after, 1000);
            for (SegmentRecord segment : page.segments()) {
                if (segment.remotePath() == null && worker().catalog().serves(segment.id())) waiting.add(segment.id());
            }
            after = page.next();
        } while (after != null);
        if (waiting.isEmpty()) return 0;
        ProgressLine progress = new ProgressLine(out, "promoting segments to durable storage", waiting.size());
        for (int i = 0; i < waiting.size(); i++) {
            worker().segments().promote(waiting.get(i));
            progress.update(i + 1);
        }
        progress.finish(waiting.size() + " segment(s) promoted");
        return waiting.size();
    }

    /**
     * Waits until every promoted segment is served by {@code copies} workers at its current generation, showing
     * progress; answers false if that did not happen within {@code timeout}.
     */
    public boolean awaitReplicas(int copies, Duration timeout, PrintStream out) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ProgressLine progress = null;
        while (true) {
            int[] placed = replicated(copies);
            if (progress == null) progress = new ProgressLine(out, "segments with " + copies + " copies on " + workers.size() + " workers", placed[1]);
            progress.update(placed[0]);
            if (placed[0] == placed[1]) {
                progress.finish(placed[1] + " segment(s) placed");
                return true;
            }
            if (System.nanoTime() > deadline) {
                out.printf("%nnot every segment has %d copies after %s; queries still answer from the copies there are%n", copies, timeout);
                return false;
            }
            Thread.sleep(200);
        }
    }

    /** Promoted segments with enough copies at their generation, and promoted segments in all. */
    private int[] replicated(int copies) {
        int done = 0;
        int total = 0;
        String after = null;
        do {
            SegmentPage page = registry.segments("", after, 1000);
            List<SegmentRecord> promoted = page.segments().stream().filter(segment -> segment.remotePath() != null).toList();
            Map<SegmentId, List<Replica>> replicas = registry.placements().replicasOf(promoted.stream().map(SegmentRecord::id).toList());
            for (SegmentRecord segment : promoted) {
                long current = replicas.getOrDefault(segment.id(), List.of()).stream()
                        .filter(replica -> replica.generation() >= segment.generation()).count();
                if (current >= copies) done++;
                total++;
            }
            after = page.next();
        } while (after != null);
        return new int[] {done, total};
    }

    @Override
    public void close() {
        master.close();
        masterThread.shutdownNow();
        workers.forEach(WorkerServer::close);
        registry.close();
    }
}
