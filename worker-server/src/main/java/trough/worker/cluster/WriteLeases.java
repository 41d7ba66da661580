package trough.worker.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.client.WorkerClient;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Registry;
import trough.core.registry.RegistryException;
import trough.core.registry.WorkerRecord;
import trough.core.segment.SegmentId;
import trough.worker.WorkerError;

/**
 * The write leases this worker holds. A segment is written only by the holder of its lease: the first write
 * here takes the lease (if nobody else holds it), a background task renews every held lease at a third of its
 * TTL, and a write presenting an epoch other than the current one is refused, so two workers can never both
 * commit to one segment.
 */
public final class WriteLeases implements AutoCloseable {
    /** The header a writer presents its lease epoch in, and a worker answers it in. */
    public static final String EPOCH_HEADER = WorkerClient.LEASE_EPOCH_HEADER;
    private static final Logger LOG = LoggerFactory.getLogger(WriteLeases.class);

    /** What a worker must do when it takes over a segment's writes: make its copy the last promoted one. */
    public interface TakeOver {
        void prepare(SegmentId segment, Lease lease);
    }

    private final Registry registry;
    private final Supplier<String> workerId;
    private final Duration ttl;
    private final TakeOver takeOver;
    private final Map<SegmentId, Lease> held = new ConcurrentHashMap<>();
    private ScheduledFuture<?> renewal;

    public WriteLeases(Registry registry, Supplier<String> workerId, Duration ttl, TakeOver takeOver) {
        this.registry = registry;
        this.workerId = workerId;
        this.ttl = ttl;
        this.takeOver = takeOver;
    }

    public void start(ScheduledExecutorService scheduler) {
        long every = Math.max(1, ttl.toMillis() / 3);
        renewal = scheduler.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * The lease under which a write to the segment may commit now, taking it if free. {@code presentedEpoch}
     * is the epoch the writer was told (null when it names none).
     */
    public synchronized Lease forWrite(SegmentId segment, Long presentedEpoch) {
        Lease lease = held.get(segment);
        Instant now = registry.now();
        // Renew early rather than commit under a lease about to lapse.
        if (lease == null || !now.plus(ttl.dividedBy(3)).isBefore(lease.expiresAt())) {
            lease = take(segment, lease);
        }
        if (presentedEpoch != null && presentedEpoch != lease.epoch()) {
            throw new WorkerError(409, "stale_lease", segment.value(), "segment " + segment + " is now written under lease epoch "
                    + lease.epoch() + ", not " + presentedEpoch + "; the writer changed: read the segment again before writing");
        }
        return lease;
    }

    public boolean isWriting(SegmentId segment) {
        Lease lease = held.get(segment);
        return lease != null && lease.liveAt(registry.now());
    }

    /**
     * Runs {@code action} unless this worker writes the segment, holding the lock that taking a lease holds:
     * no lease can be taken while it runs. Answers whether it ran.
     */
    public synchronized boolean unlessWriting(SegmentId segment, Runnable action) {
        if (isWriting(segment)) return false;
        action.run();
        return true;
    }

    /** Gives up the segment's lease (before deleting it here). */
    public synchronized void release(SegmentId segment) {
        Lease lease = held.remove(segment);
        if (lease != null) registry.leases().release(lease);
    }

    private Lease take(SegmentId segment, Lease previous) {
        Optional<Lease> taken = previous != null ? registry.leases().renew(previous, ttl) : Optional.empty();
        if (taken.isEmpty()) {
            taken = registry.leases().acquire(LeaseName.write(segment), workerId.get(), ttl);
            if (taken.isEmpty()) throw heldElsewhere(segment);
            if (previous == null || previous.epoch() != taken.get().epoch()) {
                // A new epoch: someone else may have written and promoted since this worker last held it.
                try {
                    takeOver.prepare(segment, taken.get());
                } catch (RuntimeException e) {
                    registry.leases().release(taken.get());
                    throw e;
                }
                LOG.info("worker {}: took the write lease of segment {} (epoch {})", workerId.get(), segment, taken.get().epoch());
            }
        }
        held.put(segment, taken.get());
        return taken.get();
    }

    private WorkerError heldElsewhere(SegmentId segment) {
        Lease other = registry.leases().current(LeaseName.write(segment)).orElse(null);
        String holder = other == null ? "another worker" : other.holder();
        String url = other == null ? null : registry.workers().worker(other.holder()).map(WorkerRecord::url).orElse(null);
        return new WorkerError(409, "segment_has_writer", segment.value(), "segment " + segment + " is written by worker " + holder
                + (url == null ? "" : " at " + url) + (other == null ? "" : " (lease epoch " + other.epoch() + " until " + other.expiresAt() + ")")
                + "; send writes there, or wait for its lease to expire if that worker is gone");
    }

    private void renewAll() {
        for (Map.Entry<SegmentId, Lease> entry : held.entrySet()) {
            try {
                synchronized (this) {
                    Lease current = held.get(entry.getKey());
                    if (current == null) continue;
                    Optional<Lease> renewed = registry.leases().renew(current, ttl);
                    if (renewed.isPresent()) {
                        held.put(entry.getKey(), renewed.get());
                    } else {
                        held.remove(entry.getKey());
                        LOG.warn("worker {}: lost the write lease of segment {} (epoch {}); writes there now go to its new holder",
                                workerId.get(), entry.getKey(), current.epoch());
                    }
                }
            } catch (RegistryException e) {
                LOG.warn("worker {}: could not renew the write lease of segment {}: {}", workerId.get(), entry.getKey(), e.getMessage());
            }
        }
    }

    /**
     * Stops renewing. The leases are not handed back: a restarted worker takes its own back at once and keeps
     * serving its copies as their writer, and if it does not come back they lapse, the other copies catch up
     * with the change log, and another worker may take over.
     */
    @Override
    public synchronized void close() {
        if (renewal != null) renewal.cancel(false);
        held.clear();
    }
}
