package trough.calcite.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import trough.calcite.exec.Fragment;
import trough.calcite.exec.RowSource;
import trough.calcite.exec.TroughQueryException;
import trough.core.api.ClusterSegment;
import trough.core.api.QueryRequest;
import trough.core.client.QueryResponse;
import trough.core.client.WorkerClient;
import trough.core.client.WorkerException;
import trough.core.scan.Handoff;

/**
 * The rows of the requests of one query, one request per worker, read in parallel and handed to the reader
 * through a small bounded queue as they arrive.
 */
final class RemoteRows implements RowSource {
    /** Batches buffered between the workers' streams and the reader: with the batch size, what memory holds. */
    private static final int BUFFERED_BATCHES = 16;

    private sealed interface Event permits Batch, Done, Failed {}

    private record Batch(List<Object[]> rows) implements Event {}

    private record Done() implements Event {}

    private record Failed(RuntimeException error) implements Event {}

    private final ClusterConnection cluster;
    private final ExecutorService pool;
    private final long timeoutMillis;
    private final long deadline;
    private final Handoff<Event> events = new Handoff<>(BUFFERED_BATCHES, () -> this.cancelReason != null);
    private final int batchRows;
    private final AtomicInteger active = new AtomicInteger(1); // 1 until sealed(): no request is missed
    private final Map<String, WorkerClient> running = new ConcurrentHashMap<>();
    private volatile String cancelReason;
    private List<Object[]> current;
    private int position;
    private boolean finished;

    RemoteRows(ClusterConnection cluster, ExecutorService pool, long timeoutMillis, int batchRows) {
        this.cluster = cluster;
        this.batchRows = batchRows;
        this.pool = pool;
        this.timeoutMillis = timeoutMillis;
        this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** Sends the fragment for {@code segments} to {@code worker}; {@code tried} lists workers that already failed. */
    void send(Fragment fragment, String worker, List<ClusterSegment> segments, List<String> tried) {
        active.incrementAndGet();
        pool.execute(() -> request(fragment, worker, segments, tried));
    }

    /** Every request has been sent; the rows end when they all have answered. */
    void sealed() {
        if (active.decrementAndGet() == 0) offer(new Done());
    }

    private void request(Fragment fragment, String worker, List<ClusterSegment> segments, List<String> tried) {
        String queryId = UUID.randomUUID().toString();
        WorkerClient client = cluster.worker(worker);
        List<String> ids = segments.stream().map(ClusterSegment::id).toList();
        long rowsSent = 0;
        running.put(queryId, client);
        QueryRequest query = new QueryRequest(fragment.sql().sql(), ids, fragment.values(), false, remainingMillis());
        try (QueryResponse response = client.query(query, queryId)) {
            List<Object[]> batch = new ArrayList<>(batchRows);
            for (Object[] row = response.next(); row != null; row = response.next()) {
                batch.add(row);
                if (batch.size() == batchRows) {
                    if (!offer(new Batch(batch))) return;
                    rowsSent += batch.size();
                    batch = new ArrayList<>(batchRows);
                }
            }
            if (!batch.isEmpty() && !offer(new Batch(batch))) return;
            finishOne();
        } catch (WorkerException e) {
            if (cancelReason != null) {
                finishOne();
            } else if (e.isRetryableElsewhere() && rowsSent == 0) {
                ClusterSegment stranded = retry(fragment, worker, segments, tried);
                if (stranded == null) {
                    finishOne();
                } else {
                    List<String> failed = new ArrayList<>(tried);
                    failed.add(worker);
                    offer(new Failed(new TroughQueryException("segment " + stranded.id() + " has no live replica left: " + failed
                            + " failed (last: " + e.getMessage() + "); its other copies, if any, are on workers the cluster map no longer lists. "
                            + "Start a worker that holds it, or wait for the sync master to place it again", e)));
                }
            } else {
                offer(new Failed(new TroughQueryException(e.getMessage() + (rowsSent > 0
                        ? "; the worker failed after sending rows, so the query cannot move to another replica: run it again" : ""), e)));
            }
        } catch (RuntimeException e) {
            offer(new Failed(new TroughQueryException("worker " + worker + ": " + e, e)));
        } finally {
            running.remove(queryId);
        }
    }

    /**
     * Sends the segments of a failed request to their other replicas; answers a segment that has none left
     * (and sends nothing), or null when all went out again.
     */
    private ClusterSegment retry(Fragment fragment, String failed, List<ClusterSegment> segments, List<String> tried) {
        List<String> excluded = new ArrayList<>(tried);
        excluded.add(failed);
        Map<String, List<ClusterSegment>> byWorker = new LinkedHashMap<>();
        for (ClusterSegment segment : segments) {
            String next = segment.replicas().stream().filter(r -> !excluded.contains(r)).findFirst().orElse(null);
            if (next == null) return segment;
            byWorker.computeIfAbsent(next, w -> new ArrayList<>()).add(segment);
        }
        byWorker.forEach((worker, group) -> send(fragment, worker, group, excluded));
        return null;
    }

    private void finishOne() {
        if (active.decrementAndGet() == 0) offer(new Done());
    }

    private long remainingMillis() {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    @Override
    public Object[] next() {
        while (current == null || position == current.size()) {
            if (finished) return null;
            Event event;
            try {
                event = events.poll(deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel("interrupted");
                throw new TroughQueryException("the query was interrupted", e);
            }
            if (event == null) {
                cancel("timed out");
                throw new TroughQueryException("query timed out after " + timeoutMillis + " ms waiting for workers "
                        + Set.copyOf(running.values().stream().map(WorkerClient::url).toList()) + "; narrow the query or raise its timeout", null);
            }
            if (event instanceof Failed failed) {
                cancel("another worker failed");
                finished = true;
                throw failed.error();
            }
            if (event instanceof Done) {
                finished = true;
                return null;
            }
            current = ((Batch) event).rows();
            position = 0;
        }
        return current.get(position++);
    }

    private boolean offer(Event event) {
        return events.offer(event);
    }

    @Override
    public void cancel(String reason) {
        if (cancelReason == null) cancelReason = reason;
        running.forEach((queryId, client) -> client.cancel(queryId));
    }

    @Override
    public void close() {
        if (!finished) cancel("the reader stopped early");
    }
}
