package trough.sync.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.Assignment;
import trough.core.registry.Registry;
import trough.core.registry.RegistryException;
import trough.core.registry.Replica;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Watch;
import trough.core.registry.WorkerRecord;
import trough.core.segment.SegmentId;
import trough.sync.log.CopyPosition;
import trough.sync.storage.CorruptCopyException;
import trough.sync.storage.LogGapException;
import trough.sync.storage.SegmentRestore;
import trough.sync.storage.SegmentStorage;
import trough.sync.storage.StoredCopy;

/**
 * Runs beside a worker and makes what it serves follow its assignments: downloads segments newly assigned or
 * promoted to a newer generation (verified, then swapped in), reports each to the registry once it can answer,
 * and deletes copies no longer assigned only once enough healthy replicas exist elsewhere. It never touches a
 * segment the worker is writing.
 *
 * <p>The registry lists this worker as a replica only of what it serves: a reported segment whose file is not
 * here (removed by hand, never swapped in) is withdrawn each round, so the cluster map never sends reads here
 * for it. A download that fails is tried again after a wait that doubles with each failed round
 * ({@link AgentSettings#backoffAfter}), and is listed by {@link #failing} meanwhile.
 */
public final class LocalSyncAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSyncAgent.class);

    private final Registry registry;
    private final SegmentStorage storage;
    private final SegmentRestore restore;
    private final SegmentHost host;
    private final AgentSettings settings;
    private final ExecutorService downloads;
    private final Map<SegmentId, FailingDownload> failing = new ConcurrentHashMap<>();
    private final AtomicLong failedDownloads = new AtomicLong();
    private final Map<SegmentId, Long> settledEpochs = new HashMap<>();
    private final AtomicBoolean roundPending = new AtomicBoolean();
    private ScheduledFuture<?> task;
    private Watch watch;

    public LocalSyncAgent(Registry registry, SegmentStorage storage, SegmentHost host, AgentSettings settings) {
        this.registry = registry;
        this.storage = storage;
        this.restore = new SegmentRestore(storage);
        this.host = host;
        this.settings = settings;
        AtomicInteger threads = new AtomicInteger();
        this.downloads = Executors.newFixedThreadPool(settings.parallelism(), runnable -> {
            Thread thread = new Thread(runnable, "trough-sync-download-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Syncs every interval, and at once when the registry says this worker's assignments changed. */
    public void start(ScheduledExecutorService scheduler) {
        long interval = settings.interval().toMillis();
        task = scheduler.scheduleWithFixedDelay(this::syncQuietly, 0, interval, TimeUnit.MILLISECONDS);
        if (!settings.followChanges()) return;
        watch = registry.placements().watchAssignments(host.workerId(), () -> {
            // A burst of changes (a rebalance) needs one round, not one per change.
            if (roundPending.compareAndSet(false, true)) {
                scheduler.execute(() -> {
                    roundPending.set(false);
                    syncQuietly();
                });
            }
        });
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RegistryException e) {
            LOG.warn("worker {}: sync round skipped, the registry failed: {}", host.workerId(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("worker {}: sync round failed", host.workerId(), e);
        }
    }

    /**
     * One round: fetch what is missing or stale, catch up with the change log the copies whose writer is gone,
     * then drop what is no longer wanted.
     */
    public synchronized SyncRound sync() {
        String self = host.workerId();
        Set<SegmentId> assigned = new HashSet<>();
        for (Assignment assignment : registry.placements().assignmentsOf(self)) assigned.add(assignment.segment());
        Map<SegmentId, Long> reported = new HashMap<>();
        for (Replica replica : registry.placements().replicasOf(self)) reported.put(replica.segment(), replica.generation());
        Set<SegmentId> local = new HashSet<>(host.localSegments());
        for (SegmentId id : List.copyOf(reported.keySet())) {
            if (!local.contains(id) && !host.isWriting(id)) {
                registry.placements().dropReplica(id, self);
                reported.remove(id);
                LOG.warn("worker {}: segment {} was listed as served here but its file is gone; withdrawn from the cluster map", self, id);
            }
        }

        failing.keySet().retainAll(assigned); // a download no longer wanted is no longer failing
        WriterStates writers = new WriterStates(registry, assigned, settledEpochs);

        List<SegmentRecord> wanted = new ArrayList<>();
        List<SegmentRecord> behind = new ArrayList<>();
        Instant now = Instant.now();
        for (SegmentId id : assigned) {
            if (host.isWriting(id)) continue;
            Optional<SegmentRecord> record = registry.segment(id);
            if (record.isEmpty()) continue;
            FailingDownload failed = failing.get(id);
            if (failed != null && failed.generation() == record.get().generation() && now.isBefore(failed.nextTry())) continue;
            boolean present = local.contains(id);
            if (record.get().remotePath() == null) {
                // Never promoted: its change log, if it has one, is its only durable form.
                if (!present && hasLog(id)) wanted.add(record.get());
                else if (present && writers.gone(id, self)) behind.add(record.get());
            } else if (!present || reported.getOrDefault(id, -1L) < record.get().generation()) {
                wanted.add(record.get());
            } else if (writers.gone(id, self)) {
                behind.add(record.get());
            }
        }
        int fetched = fetch(wanted);
        for (SegmentRecord record : behind) {
            if (catchUp(record, writers)) fetched++;
        }

        int dropped = 0;
        for (SegmentId id : union(local, reported.keySet())) {
            if (assigned.contains(id) || host.isWriting(id)) continue;
            Optional<SegmentRecord> record = registry.segment(id);
            if (record.isEmpty()) {
                // Only what this worker served as part of the cluster: a file dropped in by hand is left alone.
                if (reported.containsKey(id) && drop(id, "it was deleted from the registry")) dropped++;
            } else if (!local.contains(id) || contentIsElsewhere(record.get())) {
                long needed = Math.max(1, Math.min(settings.replicas(),
                        registry.placements().assignmentsOf(List.of(id)).getOrDefault(id, List.of()).size()));
                long elsewhere = healthyCopiesElsewhere(record.get(), self);
                if (elsewhere >= needed && drop(id, "it is no longer assigned here, durable storage holds all it has, and " + elsewhere
                        + " healthy copies serve it elsewhere")) {
                    dropped++;
                }
            }
        }
        return new SyncRound(wanted.size() + behind.size(), fetched, dropped);
    }

    /**
     * Whether durable storage holds everything the local copy has: the promoted copy does, or the change log
     * reaches as far as the copy. A copy with writes that nothing else holds is never dropped.
     */
    private boolean contentIsElsewhere(SegmentRecord record) {
        try {
            long seq = host.position(record.id()).seq();
            if (seq == 0 && record.remotePath() != null) return true; // fetched before Trough kept logs: a promoted copy
            return seq <= StoredCopy.logSeqOf(record.remotePath()) || seq <= storage.log().head(record.id());
        } catch (IOException e) {
            LOG.warn("worker {}: kept segment {}: could not tell whether durable storage holds all of it: {}", host.workerId(), record.id(),
                    e.getMessage());
            return false;
        }
    }

    private boolean hasLog(SegmentId id) {
        try {
            return storage.log().head(id) > 0;
        } catch (IOException e) {
            LOG.warn("worker {}: could not read the change log of segment {}: {}", host.workerId(), id, e.getMessage());
            return false;
        }
    }

    /**
     * Applies the change-log records the local copy lacks, when the segment's writer is gone and this copy must
     * answer with every acknowledged write. Falls back to a whole fetch when a promotion replaced the records.
     */
    private boolean catchUp(SegmentRecord record, WriterStates writers) {
        SegmentId id = record.id();
        Path incoming = host.incomingPath(id);
        try {
            CopyPosition reached = restore.catchUp(id, host.file(id), host.position(id), incoming);
            writers.settled(id);
            if (reached == null) return false;
            host.install(id, incoming, reached);
            LOG.info("worker {}: segment {} caught up with its change log to record {}: its writer is gone", host.workerId(), id, reached.seq());
            return true;
        } catch (LogGapException e) {
            return fetchOne(record);
        } catch (IOException e) {
            LOG.warn("worker {}: segment {} could not catch up with its change log in {}: {}", host.workerId(), id, storage.base(), e.getMessage());
            return false;
        } finally {
            try {
                Files.deleteIfExists(incoming);
            } catch (IOException ignored) {
                // a leftover temporary file is removed at the next start
            }
        }
    }

    private int fetch(List<SegmentRecord> wanted) {
        if (wanted.isEmpty()) return 0;
        long bytes = wanted.stream().mapToLong(SegmentRecord::sizeBytes).sum();
        LOG.info("worker {}: fetching {} segment(s), {} bytes, {} at a time", host.workerId(), wanted.size(), bytes, settings.parallelism());
        List<Future<Boolean>> results = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (SegmentRecord record : wanted) {
            results.add(downloads.submit(() -> {
                boolean ok = fetchOne(record);
                int finished = done.incrementAndGet();
                if (finished % 10 == 0 || finished == wanted.size()) {
                    LOG.info("worker {}: fetched {}/{} segment(s)", host.workerId(), finished, wanted.size());
                }
                return ok;
            }));
        }
        int fetched = 0;
        for (Future<Boolean> result : results) {
            try {
                if (result.get()) fetched++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException e) {
                LOG.error("worker {}: a download failed unexpectedly", host.workerId(), e.getCause());
            }
        }
        return fetched;
    }

    private boolean fetchOne(SegmentRecord record) {
        SegmentId id = record.id();
        Path incoming = host.incomingPath(id);
        String reason = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            try {
                Files.deleteIfExists(incoming);
                CopyPosition position = restore.restore(record, incoming, () -> registry.segment(id).orElse(record));
                host.install(id, incoming, position);
                registry.placements().reportReplica(new Replica(id, host.workerId(), record.generation()));
                failing.remove(id);
                return true;
            } catch (CorruptCopyException e) {
                reason = e.getMessage();
                LOG.warn("worker {}: attempt {}/{}: {}", host.workerId(), attempt, settings.attempts(), e.getMessage());
            } catch (IOException e) {
                reason = e.toString();
                LOG.warn("worker {}: attempt {}/{} to fetch segment {} failed: {}", host.workerId(), attempt, settings.attempts(), id, e.getMessage());
            }
        }
        failedDownloads.incrementAndGet();
        FailingDownload before = failing.get(id);
        int rounds = before != null && before.generation() == record.generation() ? before.rounds() + 1 : 1;
        Duration wait = settings.backoffAfter(rounds);
        failing.put(id, new FailingDownload(id, record.generation(), rounds, reason, Instant.now().plus(wait)));
        LOG.error("worker {}: segment {} generation {} could not be fetched from {} after {} attempts ({} round(s) so far; next try in {} s); "
                + "this worker does not serve that generation. Check the copy at {} or promote the segment again from its writer",
                host.workerId(), id, record.generation(), storage.base(), settings.attempts(), rounds, wait.toSeconds(), record.remotePath());
        return false;
    }

    private long healthyCopiesElsewhere(SegmentRecord record, String self) {
        Set<String> alive = new HashSet<>();
        for (WorkerRecord worker : registry.workers().aliveAt(registry.now())) alive.add(worker.id());
        List<Replica> replicas = registry.placements().replicasOf(List.of(record.id())).getOrDefault(record.id(), List.of());
        return replicas.stream()
                .filter(replica -> !replica.worker().equals(self) && alive.contains(replica.worker()) && replica.generation() >= record.generation())
                .count();
    }

    private boolean drop(SegmentId id, String why) {
        boolean dropped = host.remove(id, () -> registry.placements().dropReplica(id, host.workerId()));
        if (dropped) LOG.info("worker {}: dropped segment {}: {}", host.workerId(), id, why);
        return dropped;
    }

    private static Set<SegmentId> union(Set<SegmentId> a, Set<SegmentId> b) {
        Set<SegmentId> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public void close() {
        if (task != null) task.cancel(false);
        if (watch != null) watch.close();
        downloads.shutdownNow();
    }

    /** Segments whose download failed and is not yet retried successfully, in id order. */
    public List<FailingDownload> failing() {
        return failing.values().stream().sorted(Comparator.comparing(FailingDownload::segment)).toList();
    }

    /** Rounds in which a segment's download failed, since start. */
    public long failedDownloads() {
        return failedDownloads.get();
    }

    /** A download that keeps failing: which generation, for how many rounds in a row, why, and when it is tried next. */
    public record FailingDownload(SegmentId segment, long generation, int rounds, String reason, Instant nextTry) {}

    /** What one round did: segments it wanted, fetched, and dropped. */
    public record SyncRound(int wanted, int fetched, int dropped) {}
}
