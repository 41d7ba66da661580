package trough.calcite.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import trough.calcite.exec.Fragment;
import trough.calcite.exec.SegmentExecutor;
import trough.core.api.ClusterSegment;
import trough.core.client.RowSource;
import trough.core.client.SortedRows;
import trough.core.client.TroughQueryException;
import trough.core.client.cluster.ClusterConnection;
import trough.core.client.cluster.ReadFragment;
import trough.core.client.cluster.RemoteRows;
import trough.core.order.SortKey;
import trough.core.order.SqliteOrder;
import trough.core.scan.SortedSegmentScan;
import trough.core.segment.SegmentId;

/**
 * Runs fragments on the workers of a cluster: the segments of each fragment are grouped by the worker that
 * serves them (the writer when there is one) and each group goes out as <b>one</b> request carrying the
 * fragment and its segment list (a sorted read, as many requests as it takes of at most
 * {@value SortedSegmentScan#MAX_SEGMENTS} segments each). A worker that cannot be reached, or fails before
 * sending a row, is replaced by another replica of the same segments.
 */
public final class RemoteSegmentExecutor implements SegmentExecutor {
    private final ClusterConnection cluster;
    private final String schema;
    private final ExecutorService pool;
    private final int batchRows;

    /**
     * {@code batchRows}: rows handed from a worker's stream to the reader at a time (the connection's fetch
     * size), unless the executing statement set its own.
     */
    public RemoteSegmentExecutor(ClusterConnection cluster, String schema, ExecutorService pool, int batchRows) {
        if (batchRows < 1) throw new IllegalArgumentException("the fetch size must be at least 1, not " + batchRows);
        this.cluster = cluster;
        this.schema = schema;
        this.pool = pool;
        this.batchRows = batchRows;
    }

    @Override
    public RowSource execute(List<Fragment> fragments, long limit, long timeoutMillis, int fetchSize) {
        List<Request> requests = requests(fragments, Integer.MAX_VALUE);
        RemoteRows rows = new RemoteRows(cluster, schema, pool, timeoutMillis, batch(fetchSize), List.of(), limit);
        for (Request request : requests) rows.send(request.read(), request.worker(), request.segments(), List.of());
        rows.sealed();
        return rows;
    }

    @Override
    public RowSource executeSorted(List<Fragment> fragments, List<SortKey> order, long limit, long timeoutMillis, int fetchSize) {
        List<RemoteRows> sorted = new ArrayList<>();
        int batch = batch(fetchSize);
        for (Request request : requests(fragments, SortedSegmentScan.MAX_SEGMENTS)) {
            RemoteRows rows = new RemoteRows(cluster, schema, pool, timeoutMillis, batch, order, limit);
            rows.send(request.read(), request.worker(), request.segments(), List.of());
            rows.sealed();
            sorted.add(rows);
        }
        return new SortedRows(sorted, new SqliteOrder(order));
    }

    private int batch(int fetchSize) {
        return fetchSize > 0 ? fetchSize : batchRows;
    }

    /** One worker's share of a fragment. */
    private record Request(Fragment fragment, String worker, List<ClusterSegment> segments) {
        ReadFragment read() {
            return new ReadFragment(fragment.sql().sql(), fragment.values(), fragment.combine());
        }
    }

    /** The requests to send, each to the first replica of its segments, with at most {@code maxSegments} segments. */
    private List<Request> requests(List<Fragment> fragments, int maxSegments) {
        Map<SegmentId, ClusterSegment> placement = cluster.segments(schema);
        List<Request> requests = new ArrayList<>();
        for (Fragment fragment : fragments) {
            Map<String, List<ClusterSegment>> byWorker = new LinkedHashMap<>();
            for (SegmentId id : fragment.segments()) {
                ClusterSegment segment = placement.get(id);
                if (segment == null || segment.replicas().isEmpty()) {
                    throw new TroughQueryException("segment " + id + " of schema " + schema + " has no live replica: no worker serves it; "
                            + "check its workers (GET /v1/cluster/segments?schema=" + schema + ")", null);
                }
                byWorker.computeIfAbsent(segment.replicas().get(0), w -> new ArrayList<>()).add(segment);
            }
            byWorker.forEach((worker, segments) -> {
                for (Fragment part : fragment.on(segments.stream().map(ClusterSegment::id).toList()).split(maxSegments)) {
                    requests.add(new Request(part, worker, part.segments().stream().map(placement::get).toList()));
                }
            });
        }
        return requests;
    }
}
