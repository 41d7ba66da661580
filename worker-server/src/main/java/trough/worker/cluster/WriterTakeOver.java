package trough.worker.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import trough.core.registry.Lease;
import trough.core.registry.Registry;
import trough.core.registry.Replica;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;
import trough.core.sqlite.DatabaseFiles;
import trough.sync.storage.SegmentStorage;
import trough.worker.WorkerError;
import trough.worker.segment.SegmentCatalog;
import trough.worker.segment.SegmentConnections;
import trough.worker.segment.SegmentStore;

/**
 * Makes this worker's copy of a segment the last promoted one when it takes over the segment's writes, so the
 * new writer starts from what was durable, not from an older copy. A copy already at that generation is kept
 * (it may hold this worker's own later writes).
 */
public final class WriterTakeOver implements WriteLeases.TakeOver {
    private final Registry registry;
    private final SegmentStore store;
    private final SegmentConnections connections;
    private final SegmentCatalog catalog;
    private final SegmentStorage storage;
    private final Supplier<String> workerId;

    public WriterTakeOver(Registry registry, SegmentStore store, SegmentConnections connections, SegmentCatalog catalog, SegmentStorage storage, Supplier<String> workerId) {
        this.registry = registry;
        this.store = store;
        this.connections = connections;
        this.catalog = catalog;
        this.storage = storage;
        this.workerId = workerId;
    }

    @Override
    public void prepare(SegmentId segment, Lease lease) {
        SegmentRecord record = registry.segment(segment).orElse(null);
        if (record == null || record.remotePath() == null || storage == null) return;
        long held = registry.placements().replicasOf(workerId.get()).stream()
                .filter(replica -> replica.segment().equals(segment)).mapToLong(Replica::generation).findFirst().orElse(-1);
        if (store.exists(segment) && held >= record.generation()) return;
        Path incoming = store.temporaryPath(segment, "takeover");
        try {
            storage.download(record, incoming);
            connections.forget(segment);
            store.replace(segment, incoming);
            connections.forget(segment);
            catalog.reportServed(segment, record.generation());
        } catch (IOException e) {
            throw new WorkerError(503, "takeover_failed", segment.value(), "this worker took over the writes of segment " + segment
                    + " but could not fetch its last promoted copy (generation " + record.generation() + ") from " + storage.base() + ": "
                    + e.getMessage() + "; nothing was written, try again", e);
        } finally {
            DatabaseFiles.deleteQuietly(incoming);
        }
    }
}
