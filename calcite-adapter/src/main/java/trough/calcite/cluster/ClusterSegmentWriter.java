package trough.calcite.cluster;

import trough.calcite.exec.TroughQueryException;
import trough.calcite.write.SegmentWriter;
import trough.core.api.ClusterSegment;
import trough.core.client.WorkerClient;
import trough.core.client.WorkerException;
import trough.core.segment.SegmentId;

/**
 * Writes to the worker that holds a segment's writes; a segment that does not exist yet is created from the
 * schema on a worker of the cluster first.
 */
public final class ClusterSegmentWriter implements SegmentWriter {
    private final ClusterConnection cluster;
    private final String schema;

    public ClusterSegmentWriter(ClusterConnection cluster, String schema) {
        this.cluster = cluster;
        this.schema = schema;
    }

    @Override
    public long write(SegmentId segment, String sql) {
        try {
            return writeOnce(segment, sql);
        } catch (TroughQueryException e) {
            // An unreachable worker, or one that no longer holds the segment, wrote nothing: ask the cluster again
            // where the segment's writes go now.
            if (!(e.getCause() instanceof WorkerException failure) || !failure.isRetryableElsewhere() || failure.status() >= 500) throw e;
            cluster.refresh(schema);
            return writeOnce(segment, sql);
        }
    }

    private long writeOnce(SegmentId segment, String sql) {
        ClusterSegment known = cluster.segments(schema).get(segment.value());
        String worker = known == null ? null : known.writer() != null ? known.writer()
                : known.replicas().isEmpty() ? null : known.replicas().get(0);
        try {
            if (worker == null) {
                worker = cluster.map().workers().get(0);
                cluster.worker(worker).provision(segment, schema);
                cluster.forget(schema);
            }
            WorkerClient client = cluster.worker(worker);
            WorkerClient.Written written = client.write(segment, sql, cluster.writeEpoch(segment));
            cluster.wroteUnder(segment, written.epoch());
            return written.result().rowsChanged();
        } catch (WorkerException e) {
            if ("stale_lease".equals(e.kind())) {
                cluster.wroteUnder(segment, null);
                cluster.refresh(schema);
                throw new TroughQueryException(e.getMessage() + "; nothing was written now: read segment " + segment
                        + " as its new writer serves it, then write again", e);
            }
            throw new TroughQueryException(e.getMessage() + "; nothing was written to segment " + segment, e);
        }
    }
}
