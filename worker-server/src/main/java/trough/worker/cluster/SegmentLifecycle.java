package trough.worker.cluster;

import java.io.IOException;
import trough.core.api.WriteResult;
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
     * over the last promoted copy when somebody had).
     */
    public Provisioned provision(SegmentId id, String schema) {
        Lease lease = leases.forWrite(id, null);
        try {
            return new Provisioned(catalog.provision(id, schema), lease.epoch());
        } catch (RuntimeException e) {
            if (!store.exists(id)) leases.release(id);
            throw e;
        }
    }

    public LeasedWrite write(SegmentId id, String sql, Long epoch) {
        Lease lease = leases.forWrite(id, epoch);
        if (!store.exists(id)) {
            leases.release(id);
            throw WorkerError.notFound("unknown_segment", id.value(), "segment " + id + " does not exist here; create it with POST /v1/segments");
        }
        return new LeasedWrite(writes.write(id, sql), lease.epoch());
    }

    public Promotion promote(SegmentId id) {
        return promoter.promote(id);
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
        if (remotePath != null && storage != null) {
            try {
                storage.delete(remotePath);
            } catch (IOException e) {
                throw new WorkerError(503, "storage_failed", id.value(), "segment " + id + " was deleted from the registry and this worker, "
                        + "but its durable copy " + remotePath + " could not be deleted from " + storage.base() + ": " + e.getMessage()
                        + "; delete that file by hand", e);
            }
        }
    }
}
