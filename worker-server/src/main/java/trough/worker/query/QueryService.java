package trough.worker.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import trough.core.api.QueryParameters;
import trough.core.api.QueryRequest;
import trough.core.scan.CombinedScan;
import trough.core.scan.RowScan;
import trough.core.scan.SegmentScan;
import trough.core.scan.SortedSegmentScan;
import trough.core.segment.SegmentId;
import trough.core.wire.RowWriter;
import trough.worker.WorkerError;
import trough.worker.segment.SegmentConnections;
import trough.worker.segment.SegmentStore;

/**
 * Serves reads: checks the request, runs it across its segments on the shared query pool, and keeps the
 * running ones by id so a client can cancel them.
 */
public final class QueryService {
    /** Memory one request's combine keeps of its partial rows before spilling them to disk. */
    private static final long COMBINE_CACHE_BYTES = 8L << 20;

    private final SegmentStore store;
    private final SegmentConnections connections;
    private final ExecutorService pool;
    private final int parallelism;
    private final long defaultTimeoutMillis;
    private final ResultLimits limits;
    private final Map<String, QueryExecution> running = new ConcurrentHashMap<>();

    /** {@code parallelism}: segments one query scans at once, at most the pool's size. */
    public QueryService(SegmentStore store, SegmentConnections connections, ExecutorService pool, int parallelism,
                        long defaultTimeoutMillis, ResultLimits limits) {
        this.store = store;
        this.connections = connections;
        this.pool = pool;
        this.parallelism = parallelism;
        this.defaultTimeoutMillis = defaultTimeoutMillis;
        this.limits = limits;
    }

    /** Checks the request before anything is sent, so every refusal gets its own status. */
    public PreparedQuery prepare(QueryRequest request) {
        return prepare(request, false);
    }

    /**
     * As {@link #prepare(QueryRequest)}; with {@code servedOnly}, a segment this worker does not serve is left out
     * and named in {@link PreparedQuery#unserved} rather than refused, as long as one of them is served.
     */
    public PreparedQuery prepare(QueryRequest request, boolean servedOnly) {
        List<SegmentId> requested = segments(request.segments());
        String named = requested.size() == 1 ? requested.get(0).value() : null;
        ReadStatement statement = ReadStatement.parse(request.sql(), named);
        Map<Boolean, List<SegmentId>> byServed = requested.stream().collect(Collectors.partitioningBy(store::exists));
        List<SegmentId> served = byServed.get(true);
        List<SegmentId> unserved = byServed.get(false);
        if (!unserved.isEmpty() && (served.isEmpty() || !servedOnly)) {
            throw WorkerError.notFound("unknown_segment", unserved.get(0).value(),
                    "segment " + unserved.get(0) + " is not served by this worker; list served segments with GET /v1/segments");
        }
        long timeout = request.timeoutMillis() > 0 ? Math.min(request.timeoutMillis(), defaultTimeoutMillis) : defaultTimeoutMillis;
        return new PreparedQuery(new QueryExecution(scan(request, statement, served), request.limit()), timeout, unserved);
    }

    /**
     * Runs a prepared query, writing its rows; a {@code queryId} chosen by the client lets it {@link #cancel} it.
     * {@code bytesSent} tells how much of the answer went out, for the result limits.
     */
    public long run(PreparedQuery query, String queryId, RowWriter out, LongSupplier bytesSent) throws IOException {
        String id = queryId != null ? queryId : UUID.randomUUID().toString();
        if (running.putIfAbsent(id, query.execution()) != null) {
            throw new WorkerError(409, "duplicate_query_id", null, "a query with id " + id + " is already running here");
        }
        try {
            query.execution().run(pool, parallelism, out, query.timeoutMillis(), limits, bytesSent);
            return query.execution().rowsSent();
        } finally {
            running.remove(id);
        }
    }

    /** Cancels a running query; answers false when no query of that id runs here. */
    public boolean cancel(String queryId) {
        QueryExecution execution = running.get(queryId);
        if (execution == null) return false;
        execution.cancel("cancelled by the client");
        return true;
    }

    public int runningCount() {
        return running.size();
    }

    private RowScan scan(QueryRequest request, ReadStatement statement, List<SegmentId> segments) {
        String combine = combineSql(request);
        RowScan rows = segmentRows(request, statement, segments);
        return combine == null ? rows : new CombinedScan(rows, combine, COMBINE_CACHE_BYTES);
    }

    private RowScan segmentRows(QueryRequest request, ReadStatement statement, List<SegmentId> segments) {
        if (request.order().isEmpty()) {
            return SegmentScan.of(statement.sql(), parameters(request), segments, request.segmentColumn(), connections.readers());
        }
        if (segments.size() > SortedSegmentScan.MAX_SEGMENTS) {
            throw WorkerError.badRequest("too_many_segments", null, "an ordered read (\"order\") takes at most " + SortedSegmentScan.MAX_SEGMENTS
                    + " segments, not " + segments.size() + "; send the others in further requests and merge the answers");
        }
        return new SortedSegmentScan(statement.sql(), parameters(request), segments, request.order(), request.segmentColumn(),
                connections.readers());
    }

    /** The request's combine query, checked ({@link CombinedScan}); null when it sends none. */
    private static String combineSql(QueryRequest request) {
        if (request.combine() == null) return null;
        if (!request.order().isEmpty() || request.segmentColumn()) {
            throw WorkerError.badRequest("bad_combine", null, "\"combine\" merges the rows of all segments into one result, so it cannot be sent "
                    + "with \"order\" or \"segmentColumn\"; drop one or the other");
        }
        try {
            return ReadStatement.parse(request.combine(), null).sql();
        } catch (WorkerError e) {
            throw new WorkerError(e.status(), e.kind(), null, "the combine query: " + e.getMessage());
        }
    }

    private static List<Object> parameters(QueryRequest request) {
        try {
            return QueryParameters.decode(request.params());
        } catch (IllegalArgumentException e) {
            throw WorkerError.badRequest("bad_parameter", null, e.getMessage());
        }
    }

    /** The request's segments, each once (their ids were checked as the request was read: 400 bad_segment_id). */
    private static List<SegmentId> segments(List<SegmentId> ids) {
        if (ids.isEmpty()) throw WorkerError.badRequest("no_segments", null, "the request names no segment: give \"segments\": [\"id\", ...]");
        return new ArrayList<>(new LinkedHashSet<>(ids));
    }

    /** A checked request, ready to run; {@code unserved}: requested segments left out because this worker does not serve them. */
    public record PreparedQuery(QueryExecution execution, long timeoutMillis, List<SegmentId> unserved) {
        /** Stops the query wherever it is (SQLite is interrupted on every segment it still runs on). */
        public void cancel(String reason) {
            execution.cancel(reason);
        }
    }
}
