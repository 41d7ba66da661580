package trough.worker.cluster;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import trough.core.api.WriteResult;
import trough.core.api.WritesRequest;
import trough.core.api.WritesResult;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;
import trough.sync.storage.SegmentStorage;
import trough.worker.WorkerError;
import trough.worker.segment.SegmentCatalog;
import trough.worker.segment.SegmentStore;
import trough.worker.write.WriteService;

/**
 * What changes a segment in the cluster, each under the segment's write lease: creating it, writing to it,
 * promoting it, and deleting it everywhere.
 */
public final class SegmentLifecycle {
    private final Registry registry;
    private final SegmentStore store;
    private final SegmentCatalog catalog;
    private final WriteService writes;
    private final WriteLeases leases;
    private final Promoter promoter;
    private final SegmentStorage storage;
    /** Segments written here since their last promotion: what periodic promotion publishes. */
    private final Set<SegmentId> unpromoted = ConcurrentHashMap.newKeySet();
    /** Locks that serialize creations of one segment id; a fixed number, so memory stays bounded however many segments come and go. */
    private final Object[] provisioning = Stream.generate(Object::new).limit(64).toArray();

    public SegmentLifecycle(Registry registry, SegmentStore store, SegmentCatalog catalog, WriteService writes, WriteLeases leases, Promoter promoter,
                            SegmentStorage storage) {
        this.registry = registry;
        this.store = store;
        this.catalog = catalog;
        this.writes = writes;
        this.leases = leases;
        this.promoter = promoter;
        this.storage = storage;
    }

    /** A write and the lease epoch it committed under. */
    public record LeasedWrite(WriteResult result, long epoch) {}

    /** A provisioned segment: whether it was created now, and the lease epoch its writes must present. */
    public record Provisioned(boolean created, long epoch) {}

    /**
     * Makes this worker the segment's writer, creating the segment from the schema when nobody has (or taking
     * over its latest durable state when somebody had). The write lease decides which worker creates a new
     * segment; on this worker, creations of one id run one at a time, so a creation that fails and hands the
     * lease back never does so under a concurrent one that is about to succeed.
     */
    public Provisioned provision(SegmentId id, String schema) {
        synchronized (creationLock(id)) {
            Lease lease = leases.forWrite(id, null);
            try {
                boolean created = catalog.provision(id, schema);
                // A new segment is durable from its first moment: its image is the first record of its log.
                if (created) writes.makeDurable(id, lease.epoch());
                return new Provisioned(created, lease.epoch());
            } catch (RuntimeException e) {
                if (!store.exists(id)) leases.release(id);
                throw e;
            }
        }
    }

    private Object creationLock(SegmentId id) {
        return provisioning[Math.floorMod(id.hashCode(), provisioning.length)];
    }

    public LeasedWrite write(SegmentId id, String sql, Long epoch) {
        Lease lease = leaseToWrite(id, epoch);
        WriteResult result = writes.write(id, sql, lease.epoch());
        unpromoted.add(id);
        return new LeasedWrite(result, lease.epoch());
    }

    /**
     * Several writes at once, each its own transaction: SQL texts ({@link WriteService#writeEach}) or rows bound
     * to one statement ({@link WriteService#writeRows}); and the lease epoch they ran under.
     */
    public LeasedWrites writeEach(SegmentId id, WritesRequest request, Long epoch) {
        if ((request.transactions() == null) == (request.statementRows() == null)) {
            throw WorkerError.badRequest("bad_writes", id.value(), "give either \"transactions\" (SQL texts) or \"statementRows\" (rows bound to "
                    + "one statement), not " + (request.transactions() == null ? "neither" : "both"));
        }
        Lease lease = leaseToWrite(id, epoch);
        WritesResult result = request.statementRows() != null
                ? writes.writeRows(id, request.statementRows(), lease.epoch())
                : writes.writeEach(id, request.transactions(), lease.epoch());
        if (!result.written().isEmpty()) unpromoted.add(id);
        return new LeasedWrites(result, lease.epoch());
    }

    /** Writes and the lease epoch they committed under. */
    public record LeasedWrites(WritesResult result, long epoch) {}

    private Lease leaseToWrite(SegmentId id, Long epoch) {
        Lease lease = leases.forWrite(id, epoch);
        if (!store.exists(id)) {
            // A creation of this id under way here (the lease is taken before the file exists) finishes first.
            synchronized (creationLock(id)) {
                if (!store.exists(id)) {
                    leases.release(id);
                    throw WorkerError.notFound("unknown_segment", id.value(), "segment " + id + " does not exist here; create it with POST /v1/segments");
                }
            }
        }
        return lease;
    }

    public Promotion promote(SegmentId id) {
        // Removed before the snapshot: a write landing during the promotion marks the segment again.
        boolean wasMarked = unpromoted.remove(id);
        try {
            return promoter.promote(id);
        } catch (RuntimeException e) {
            if (wasMarked) unpromoted.add(id);
            throw e;
        }
    }

    /** Promotes every segment written here since its last promotion and still written here; answers how many. */
    public int promoteWritten() {
        int promoted = 0;
        for (SegmentId id : List.copyOf(unpromoted)) {
            if (!leases.isWriting(id)) {
                unpromoted.remove(id);
                continue;
            }
            promote(id);
            promoted++;
        }
        return promoted;
    }

    /**
     * Deletes the segment from the registry, this worker and durable storage; the other workers drop their
     * copies on their next sync round. Refused while another worker holds its write lease, unless forced.
     */
    public void delete(SegmentId id, boolean force) {
        registry.leases().current(LeaseName.write(id))
                .filter(lease -> lease.liveAt(registry.now()) && !leases.isWriting(id))
                .filter(lease -> !force)
                .ifPresent(lease -> {
                    throw new WorkerError(409, "segment_has_writer", id.value(), "segment " + id + " is being written by worker "
                            + lease.holder() + " (lease until " + lease.expiresAt() + "); delete it there, or add ?force=true to delete it anyway");
                });
        String remotePath = registry.segment(id).map(SegmentRecord::remotePath).orElse(null);
        leases.release(id);
        catalog.delete(id);
        if (storage != null) {
            try {
                storage.log().deleteAll(id);
                if (remotePath != null) storage.delete(remotePath);
            } catch (IOException e) {
                throw new WorkerError(503, "storage_failed", id.value(), "segment " + id + " was deleted from the registry and this worker, "
                        + "but its durable copy " + remotePath + " could not be deleted from " + storage.base() + ": " + e.getMessage()
                        + "; delete that file by hand", e);
            }
        }
    }
}
