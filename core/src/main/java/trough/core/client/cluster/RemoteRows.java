package trough.core.client.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import trough.core.api.ClusterSegment;
import trough.core.api.QueryRequest;
import trough.core.client.QueryResponse;
import trough.core.client.RowSource;
import trough.core.client.SortedRows;
import trough.core.client.TroughQueryException;
import trough.core.client.WorkerClient;
import trough.core.client.WorkerException;
import trough.core.order.SortKey;
import trough.core.order.SqliteOrder;
import trough.core.scan.ParallelReader;
import trough.core.segment.SegmentId;

/**
 * The rows of the requests of one query, one request per worker, read in parallel and handed to the reader
 * through a {@link ParallelReader} as they arrive. A sorted read is one request whose rows arrive in order;
 * should its worker fail before answering, its segments move to other replicas as sorted requests of
 * their own, merged in order.
 */
public final class RemoteRows implements RowSource {
    /** Batches buffered between the workers' streams and the reader: with the batch size, what memory holds. */
    private static final int BUFFERED_BATCHES = 16;
    private static final String ANOTHER_FAILED = "another worker failed";

    /** What a request hands to the reader. */
    private sealed interface Arrival permits Batch, Moved {}

    private record Batch(List<Object[]> rows) implements Arrival {}

    /** A sorted request's segments went to other workers: read them from there. */
    private record Moved(ReadFragment fragment, Map<String, List<ClusterSegment>> byWorker, List<String> tried) implements Arrival {}

    /** Where failed segments go next, or the first that has no replica left. */
    private record Regrouped(Map<String, List<ClusterSegment>> byWorker, ClusterSegment stranded) {}

    private final ClusterConnection cluster;
    private final String schema;
    private final ExecutorService pool;
    private final ParallelReader<Arrival, TroughQueryException> reader;
    private final int batchRows;
    private final List<SortKey> order;
    private final long limit;
    private final Map<String, WorkerClient> running = new ConcurrentHashMap<>();
    private volatile RowSource movedTo;
    private List<Object[]> current;
    private int position;

    /**
     * @param schema the schema whose segments are read: its listing is read again when a segment's replicas all fail
     * @param order  rows of each request come sorted so (then only one request may be sent); empty for any order
     * @param limit  rows needed at most, 0 for all
     */
    public RemoteRows(ClusterConnection cluster, String schema, ExecutorService pool, long timeoutMillis, int batchRows, List<SortKey> order,
                      long limit) {
        this.cluster = cluster;
        this.schema = schema;
        this.batchRows = batchRows;
        this.order = order;
        this.limit = limit;
        this.pool = pool;
        this.reader = new ParallelReader<>(BUFFERED_BATCHES, new RemoteFailures(), this::stopRequests);
        reader.start(timeoutMillis);
    }

    /** Sends the fragment for {@code segments} to {@code worker}; {@code tried} lists workers that already failed. */
    public void send(ReadFragment fragment, String worker, List<ClusterSegment> segments, List<String> tried) {
        reader.submit(pool, "worker " + worker, () -> request(fragment, worker, segments, tried));
    }

    /** Every request has been sent; the rows end when they all have answered. */
    public void sealed() {
        reader.sealed();
    }

    private void request(ReadFragment fragment, String worker, List<ClusterSegment> segments, List<String> tried) {
        String queryId = UUID.randomUUID().toString();
        WorkerClient client = cluster.worker(worker);
        List<SegmentId> ids = segments.stream().map(ClusterSegment::id).toList();
        long rowsSent = 0;
        running.put(queryId, client);
        QueryRequest query = new QueryRequest(fragment.sql(), ids, fragment.values(), false, reader.remainingMillis(), order, limit,
                ids.size() > 1 ? fragment.combine() : null);
        try (QueryResponse response = client.queryServed(query, queryId)) {
            if (!response.unserved().isEmpty() && !moveUnserved(fragment, worker, segments, tried, response.unserved())) return;
            List<Object[]> batch = new ArrayList<>(batchRows);
            for (Object[] row = response.next(); row != null; row = response.next()) {
                batch.add(row);
                if (batch.size() == batchRows) {
                    if (!reader.hand(new Batch(batch))) return;
                    rowsSent += batch.size();
                    batch = new ArrayList<>(batchRows);
                }
            }
            if (!batch.isEmpty()) reader.hand(new Batch(batch));
        } catch (WorkerException e) {
            if (reader.cancelReason() != null) return; // this request was cancelled: nothing to tell the reader
            if (e.isRetryableElsewhere() && rowsSent == 0) {
                List<String> failed = new ArrayList<>(tried);
                failed.add(worker);
                Regrouped next = regroup(segments, failed);
                if (next.stranded() != null) {
                    reader.fail(ANOTHER_FAILED, new TroughQueryException("segment " + next.stranded().id() + " has no live replica left: " + failed
                            + " failed (last: " + e.getMessage() + "); its other copies, if any, are on workers the cluster map no longer lists. "
                            + "Start a worker that holds it, or wait for the sync master to place it again", e));
                } else if (order.isEmpty()) {
                    next.byWorker().forEach((to, group) -> send(fragment, to, group, failed));
                } else {
                    reader.hand(new Moved(fragment, next.byWorker(), failed));
                }
            } else {
                reader.fail(ANOTHER_FAILED, new TroughQueryException(e.getMessage() + (rowsSent > 0
                        ? "; the worker failed after sending rows, so the query cannot move to another replica: run it again" : ""), e));
            }
        } finally {
            running.remove(queryId);
        }
    }

    /**
     * Sends the segments the worker said it does not serve to their next replicas; answers whether this request's
     * own rows are still to be read. A sorted request's rows must merge in order with theirs, so it is sent again
     * as a moved request: its served segments to this worker, the others elsewhere.
     */
    private boolean moveUnserved(ReadFragment fragment, String worker, List<ClusterSegment> segments, List<String> tried, List<SegmentId> unserved) {
        List<String> failed = new ArrayList<>(tried);
        failed.add(worker);
        List<ClusterSegment> served = segments.stream().filter(segment -> !unserved.contains(segment.id())).toList();
        Regrouped next = regroup(segments.stream().filter(segment -> unserved.contains(segment.id())).toList(), failed);
        if (next.stranded() != null) {
            reader.fail(ANOTHER_FAILED, new TroughQueryException("segment " + next.stranded().id() + " is not served by worker " + worker
                    + ", and no other live replica is left (tried " + failed + "); its copy may have failed to download there: "
                    + "see the worker's /health (downloadsFailing)", null));
            return false;
        }
        if (order.isEmpty()) {
            next.byWorker().forEach((to, group) -> send(fragment, to, group, failed));
            return true;
        }
        Map<String, List<ClusterSegment>> byWorker = new LinkedHashMap<>();
        byWorker.put(worker, served);
        next.byWorker().forEach((to, group) -> byWorker.computeIfAbsent(to, w -> new ArrayList<>()).addAll(group));
        reader.hand(new Moved(fragment, byWorker, failed));
        return false;
    }

    /**
     * The segments of a failed request grouped by the next replica of each that no {@code excluded} worker holds.
     * When one has none left in the listing the query started with, the listing is read again: the segment may
     * have moved since (its old holder drops it once its new one serves it).
     */
    private Regrouped regroup(List<ClusterSegment> segments, List<String> excluded) {
        Regrouped next = regroupOn(segments, excluded);
        if (next.stranded() == null) return next;
        Map<SegmentId, ClusterSegment> current;
        try {
            cluster.refresh(schema);
            current = cluster.segments(schema);
        } catch (RuntimeException unreachable) {
            // No node answers with the listing: the segment stays stranded, and the caller fails the query with it.
            return next;
        }
        return regroupOn(segments.stream().map(segment -> current.getOrDefault(segment.id(), segment)).toList(), excluded);
    }

    private static Regrouped regroupOn(List<ClusterSegment> segments, List<String> excluded) {
        Map<String, List<ClusterSegment>> byWorker = new LinkedHashMap<>();
        for (ClusterSegment segment : segments) {
            String next = segment.replicas().stream().filter(r -> !excluded.contains(r)).findFirst().orElse(null);
            if (next == null) return new Regrouped(Map.of(), segment);
            byWorker.computeIfAbsent(next, w -> new ArrayList<>()).add(segment);
        }
        return new Regrouped(byWorker, null);
    }

    /** Reads a moved sorted request from the workers its segments went to, merged in order. */
    private RowSource readMoved(Moved moved) {
        List<RemoteRows> parts = new ArrayList<>();
        moved.byWorker().forEach((worker, group) -> {
            RemoteRows part = new RemoteRows(cluster, schema, pool, reader.remainingMillis(), batchRows, order, limit);
            part.send(moved.fragment(), worker, group, moved.tried());
            part.sealed();
            parts.add(part);
        });
        return new SortedRows(parts, new SqliteOrder(order));
    }

    @Override
    public Object[] next() {
        if (movedTo != null) return movedTo.next();
        while (current == null || position == current.size()) {
            Arrival arrival = reader.take();
            if (arrival == null) return null;
            if (arrival instanceof Moved moved) {
                // The rest of this request's rows come from where its segments went; nothing else was sent with it.
                movedTo = readMoved(moved);
                if (reader.cancelReason() != null) movedTo.cancel(reader.cancelReason());
                return movedTo.next();
            }
            current = ((Batch) arrival).rows();
            position = 0;
        }
        return current.get(position++);
    }

    @Override
    public void cancel(String reason) {
        reader.cancel(reason);
    }

    /** Cancels the queries still running on the workers, and the read of moved segments. */
    private void stopRequests(String reason) {
        running.forEach((queryId, client) -> client.cancel(queryId));
        RowSource moved = movedTo;
        if (moved != null) moved.cancel(reason);
    }

    @Override
    public void close() {
        if (!reader.finished() && movedTo == null) cancel("the reader stopped early");
        RowSource moved = movedTo;
        if (moved != null) moved.close();
    }

    /** The reader's own failures, naming the workers still answering. */
    private final class RemoteFailures implements ParallelReader.Failures<TroughQueryException> {
        @Override
        public TroughQueryException timedOut(long timeoutMillis) {
            return new TroughQueryException("query timed out after " + timeoutMillis + " ms waiting for workers "
                    + Set.copyOf(running.values().stream().map(WorkerClient::url).toList()) + "; narrow the query or raise its timeout", null);
        }

        @Override
        public TroughQueryException interrupted(InterruptedException cause) {
            return new TroughQueryException("the query was interrupted", cause);
        }

        @Override
        public TroughQueryException unexpected(String task, Throwable cause) {
            return new TroughQueryException(task + ": " + cause, cause);
        }
    }
}
