package trough.calcite.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import trough.calcite.exec.Fragment;
import trough.calcite.exec.RowSource;
import trough.calcite.exec.SegmentExecutor;
import trough.calcite.exec.TroughQueryException;
import trough.core.api.ClusterSegment;
import trough.core.segment.SegmentId;

/**
 * Runs fragments on the workers of a cluster: the segments of each fragment are grouped by the worker that
 * serves them (the writer when there is one) and each group goes out as <b>one</b> request carrying the
 * fragment and its segment list. A worker that cannot be reached, or fails before sending a row, is replaced
 * by another replica of the same segments.
 */
public final class RemoteSegmentExecutor implements SegmentExecutor {
    private final ClusterConnection cluster;
    private final String schema;
    private final ExecutorService pool;
    private final int batchRows;

    /** {@code batchRows}: rows handed from a worker's stream to the reader at a time (the connection's fetch size). */
    public RemoteSegmentExecutor(ClusterConnection cluster, String schema, ExecutorService pool, int batchRows) {
        if (batchRows < 1) throw new IllegalArgumentException("the fetch size must be at least 1, not " + batchRows);
        this.cluster = cluster;
        this.schema = schema;
        this.pool = pool;
        this.batchRows = batchRows;
    }

    @Override
    public RowSource execute(List<Fragment> fragments, long timeoutMillis) {
        Map<String, ClusterSegment> placement = cluster.segments(schema);
        RemoteRows rows = new RemoteRows(cluster, pool, timeoutMillis, batchRows);
        for (Fragment fragment : fragments) {
            Map<String, List<ClusterSegment>> byWorker = new LinkedHashMap<>();
            for (SegmentId id : fragment.segments()) {
                ClusterSegment segment = placement.get(id.value());
                if (segment == null || segment.replicas().isEmpty()) {
                    rows.cancel("a segment has no replica");
                    throw new TroughQueryException("segment " + id + " of schema " + schema + " has no live replica: no worker serves it; "
                            + "check its workers (GET /v1/cluster/segments?schema=" + schema + ")", null);
                }
                byWorker.computeIfAbsent(segment.replicas().get(0), w -> new ArrayList<>()).add(segment);
            }
            byWorker.forEach((worker, segments) -> rows.send(fragment, worker, segments, List.of()));
        }
        rows.sealed();
        return rows;
    }
}
