package trough.worker.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.Lease;
import trough.core.registry.LeaseName;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;
import trough.core.sqlite.DatabaseFiles;
import trough.sync.storage.SegmentStorage;
import trough.sync.storage.StoredCopy;
import trough.worker.WorkerError;
import trough.worker.segment.SegmentCatalog;
import trough.worker.segment.SegmentStore;
import trough.worker.write.WriteService;

/**
 * Publishes a written segment to durable storage: a page-for-page snapshot taken with the writer connection
 * held (a local copy, so writes wait only that long), uploaded under a temporary name and renamed into place,
 * then recorded in the registry as the next generation (only if nobody promoted in between); then the older
 * copy and the change-log records the snapshot holds are deleted. Replicas fetch the new generation on their
 * next sync round. Every write acknowledged before the snapshot is in it, and the log records after it replay
 * onto it exactly.
 */
public final class Promoter {
    private static final Logger LOG = LoggerFactory.getLogger(Promoter.class);

    private final Registry registry;
    private final SegmentStore store;
    private final SegmentCatalog catalog;
    private final SegmentStorage storage;
    private final WriteLeases leases;
    private final WriteService writes;
    private final Supplier<String> workerId;
    private final Map<SegmentId, Object> locks = new ConcurrentHashMap<>();

    public Promoter(Registry registry, SegmentStore store, SegmentCatalog catalog, SegmentStorage storage, WriteLeases leases, WriteService writes,
                    Supplier<String> workerId) {
        this.registry = registry;
        this.store = store;
        this.catalog = catalog;
        this.storage = storage;
        this.leases = leases;
        this.writes = writes;
        this.workerId = workerId;
    }

    public Promotion promote(SegmentId id) {
        if (storage == null) {
            throw new WorkerError(409, "no_storage", id.value(), "this worker has no durable storage configured (set 'storage' in its "
                    + "config, e.g. hdfs://namenode:8020/trough or file:///var/trough), so it cannot promote segment " + id);
        }
        if (!store.exists(id)) throw WorkerError.notFound("unknown_segment", id.value(), "segment " + id + " is not served by this worker");
        if (!leases.isWriting(id)) {
            registry.leases().current(LeaseName.write(id)).filter(lease -> lease.liveAt(registry.now())).ifPresent(lease -> {
                throw new WorkerError(409, "not_the_writer", id.value(), "segment " + id + " is written by worker " + lease.holder()
                        + "; promote it there, where its latest writes are");
            });
        }
        Lease lease = needsWriter(id) ? leases.forWrite(id, null) : null;
        synchronized (locks.computeIfAbsent(id, key -> new Object())) {
            return promoteLocked(id, lease);
        }
    }

    /**
     * Whether only the segment's writer may promote it: whenever it has a change log, so the snapshot is the
     * freshest copy at a known record (taking the lease makes this copy that, WriterTakeOver). A segment with
     * no log (files put in the data directory by hand) is promoted from the copy here, as it is.
     */
    private boolean needsWriter(SegmentId id) {
        if (leases.isWriting(id)) return true;
        try {
            // Promotion keeps the log's last record, so a segment ever written through the log has a head.
            return storage.log().head(id) > 0;
        } catch (IOException e) {
            throw new WorkerError(503, "promotion_failed", id.value(), "could not read the change log of segment " + id + " in " + storage.base()
                    + ": " + e.getMessage() + "; nothing was published, try again once the storage answers", e);
        }
    }

    private Promotion promoteLocked(SegmentId id, Lease lease) {
        SegmentRecord expected = registry.segment(id).orElseThrow(() -> WorkerError.notFound("unknown_segment", id.value(),
                "segment " + id + " is not registered; create it with POST /v1/segments first"));
        long generation = expected.generation() + 1;
        Path snapshot = store.temporaryPath(id, "promote");
        try {
            long logSeq = writes.snapshot(id, lease, snapshot);
            StoredCopy copy = storage.upload(id, generation, logSeq, snapshot);
            SegmentRecord promoted = new SegmentRecord(id, expected.schema(), generation, copy.sizeBytes(), copy.checksum(), copy.remotePath(),
                    expected.tier());
            if (!registry.replaceSegment(expected, promoted)) {
                storage.delete(copy.remotePath());
                throw new WorkerError(409, "promotion_conflict", id.value(), "segment " + id + " changed in the registry during the promotion "
                        + "(another promotion?); nothing was published, promote again");
            }
            if (expected.remotePath() != null && !expected.remotePath().equals(copy.remotePath())) deleteQuietly(id, expected.remotePath());
            truncateLogQuietly(id, logSeq);
            catalog.reportServed(id, generation);
            LOG.info("worker {}: promoted segment {} to generation {} ({} bytes, {})", workerId.get(), id, generation, copy.sizeBytes(), copy.checksum());
            return new Promotion(id.value(), generation, copy.sizeBytes(), copy.checksum(), copy.remotePath());
        } catch (IOException e) {
            throw new WorkerError(503, "promotion_failed", id.value(), "could not upload segment " + id + " to " + storage.base() + ": "
                    + e.getMessage() + "; nothing was published, try again once the storage answers", e);
        } finally {
            DatabaseFiles.deleteQuietly(snapshot);
        }
    }

    private void truncateLogQuietly(SegmentId id, long logSeq) {
        try {
            storage.log().truncateBefore(id, logSeq);
        } catch (IOException e) {
            LOG.warn("worker {}: segment {} promoted, but its change log up to record {} could not be deleted: {}; "
                    + "the next promotion deletes it", workerId.get(), id, logSeq, e.getMessage());
        }
    }

    private void deleteQuietly(SegmentId id, String remotePath) {
        try {
            storage.delete(remotePath);
        } catch (IOException e) {
            LOG.warn("worker {}: segment {} promoted, but its older copy {} could not be deleted: {}", workerId.get(), id, remotePath, e.getMessage());
        }
    }
}
