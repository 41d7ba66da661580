package trough.worker.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import trough.core.segment.SegmentId;
import trough.sync.log.CopyPosition;
import trough.sync.agent.SegmentHost;
import trough.worker.segment.SegmentConnections;
import trough.worker.segment.SegmentStore;

/** The worker as its local sync agent sees it. */
public final class WorkerSegmentHost implements SegmentHost {
    private final String workerId;
    private final SegmentStore store;
    private final SegmentConnections connections;
    private final WriteLeases leases;

    public WorkerSegmentHost(String workerId, SegmentStore store, SegmentConnections connections, WriteLeases leases) {
        this.workerId = workerId;
        this.store = store;
        this.connections = connections;
        this.leases = leases;
    }

    @Override
    public String workerId() {
        return workerId;
    }

    @Override
    public List<SegmentId> localSegments() {
        return store.list(null);
    }

    @Override
    public Path incomingPath(SegmentId segment) {
        return store.temporaryPath(segment, "incoming");
    }

    @Override
    public void install(SegmentId segment, Path downloaded, CopyPosition position) throws IOException {
        // Atomic with taking a write lease: a copy this worker has begun to write is never replaced under it.
        boolean installed;
        try {
            installed = leases.unlessWriting(segment, () -> {
                // Idle connections to the old file go now; a query running on it finishes on the old file, which
                // the pool then drops because the file it opened is no longer the segment's.
                connections.forget(segment);
                try {
                    store.replace(segment, downloaded);
                    position.writeFor(store.path(segment));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                connections.forget(segment);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (!installed) throw new IOException("worker " + workerId + " began writing segment " + segment + " meanwhile; its own copy is kept");
    }

    @Override
    public CopyPosition position(SegmentId segment) throws IOException {
        return CopyPosition.of(store.path(segment));
    }

    @Override
    public Path file(SegmentId segment) {
        return store.path(segment);
    }

    @Override
    public boolean remove(SegmentId segment, Runnable then) {
        return leases.unlessWriting(segment, () -> {
            connections.forget(segment);
            store.delete(segment);
            then.run();
        });
    }

    @Override
    public boolean isWriting(SegmentId segment) {
        return leases.isWriting(segment);
    }
}
