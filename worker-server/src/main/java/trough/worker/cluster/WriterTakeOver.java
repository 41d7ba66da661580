package trough.worker.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.Lease;
import trough.core.registry.Registry;
import trough.core.registry.Replica;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;
import trough.core.sqlite.DatabaseFiles;
import trough.sync.log.CopyPosition;
import trough.sync.storage.SegmentRestore;
import trough.sync.storage.SegmentStorage;
import trough.sync.storage.StoredCopy;
import trough.worker.WorkerError;
import trough.worker.segment.SegmentCatalog;
import trough.worker.segment.SegmentConnections;
import trough.worker.segment.SegmentStore;
import trough.worker.write.LogShipper;

/**
 * Makes this worker's copy of a segment the freshest one that exists when it takes over the segment's writes:
 * the last promoted copy plus every change-log record after it, so a new writer starts from every acknowledged
 * write, not from an older copy. The local copy is kept only when it is exactly at the log's head and holds
 * nothing that was never shipped (a restarted writer's own copy).
 */
public final class WriterTakeOver implements WriteLeases.TakeOver {
    private static final Logger LOG = LoggerFactory.getLogger(WriterTakeOver.class);

    private final Registry registry;
    private final SegmentStore store;
    private final SegmentConnections connections;
    private final SegmentCatalog catalog;
    private final SegmentStorage storage;
    private final SegmentRestore restore;
    private final boolean replicated;
    private final Supplier<String> workerId;

    public WriterTakeOver(Registry registry, SegmentStore store, SegmentConnections connections, SegmentCatalog catalog, SegmentStorage storage,
                          boolean replicated, Supplier<String> workerId) {
        this.registry = registry;
        this.store = store;
        this.connections = connections;
        this.catalog = catalog;
        this.storage = storage;
        this.restore = storage == null ? null : new SegmentRestore(storage);
        this.replicated = replicated;
        this.workerId = workerId;
    }

    @Override
    public void prepare(SegmentId segment, Lease lease) {
        SegmentRecord record = registry.segment(segment).orElse(null);
        if (record == null || storage == null) return;
        try {
            if (replicated) {
                prepareFromLog(segment, record);
            } else {
                prepareFromPromoted(segment, record);
            }
        } catch (IOException e) {
            throw new WorkerError(503, "takeover_failed", segment.value(), "worker " + workerId.get() + " took over the writes of segment "
                    + segment + " but could not rebuild its latest state from " + storage.base() + ": " + e.getMessage()
                    + "; nothing was written, try again once the storage answers", e);
        }
    }

    private void prepareFromLog(SegmentId segment, SegmentRecord record) throws IOException {
        long head = Math.max(storage.log().head(segment), StoredCopy.logSeqOf(record.remotePath()));
        if (head == 0 && record.remotePath() == null) return; // nothing durable yet: the local copy (if any) is all there is
        Path local = store.path(segment);
        if (store.exists(segment)) {
            CopyPosition position = CopyPosition.of(local);
            if (position.known() && position.seq() == head && !LogShipper.hasUnshipped(local, position)) return;
        }
        Path incoming = store.temporaryPath(segment, "takeover");
        try {
            CopyPosition reached = restore.restore(record, incoming, () -> registry.segment(segment).orElse(record));
            install(segment, incoming, reached);
            LOG.info("worker {}: segment {} rebuilt from durable storage up to change-log record {} to take over its writes",
                    workerId.get(), segment, reached.seq());
        } finally {
            DatabaseFiles.deleteQuietly(incoming);
        }
    }

    private void prepareFromPromoted(SegmentId segment, SegmentRecord record) throws IOException {
        if (record.remotePath() == null) return;
        long held = registry.placements().replicasOf(workerId.get()).stream()
                .filter(replica -> replica.segment().equals(segment)).mapToLong(Replica::generation).findFirst().orElse(-1);
        if (store.exists(segment) && held >= record.generation()) return;
        Path incoming = store.temporaryPath(segment, "takeover");
        try {
            storage.download(record, incoming);
            install(segment, incoming, new CopyPosition(StoredCopy.logSeqOf(record.remotePath()), null));
        } finally {
            DatabaseFiles.deleteQuietly(incoming);
        }
    }

    private void install(SegmentId segment, Path incoming, CopyPosition position) throws IOException {
        connections.forget(segment);
        store.replace(segment, incoming);
        position.writeFor(store.path(segment));
        connections.forget(segment);
        catalog.reportServed(segment, registry.segment(segment).map(SegmentRecord::generation).orElse(0L));
    }
}
