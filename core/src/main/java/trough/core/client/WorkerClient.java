package trough.core.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import trough.core.api.ClusterMap;
import trough.core.api.ClusterSegmentPage;
import trough.core.api.ClusterStatus;
import trough.core.api.ErrorBody;
import trough.core.api.ProvisionRequest;
import trough.core.api.QueryParameters;
import trough.core.api.QueryRequest;
import trough.core.api.SegmentInfo;
import trough.core.api.WriteResult;
import trough.core.api.WritesRequest;
import trough.core.api.WritesResult;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.wire.BinaryRowReader;
import trough.core.wire.BinaryRowWriter;

/**
 * Talks to one worker's native API (docs/http-api.md). Many clients share one {@link OkHttpClient}, and
 * with it one connection pool: make them with {@link #sharing}.
 */
public final class WorkerClient {
    /** The header a write presents its lease epoch in, and a worker answers it in. */
    public static final String LEASE_EPOCH_HEADER = "X-Trough-Lease-Epoch";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final MediaType SQL = MediaType.get("application/sql; charset=utf-8");
    /** How long past a query's timeout its exchange may go on: the time for the worker's own timeout answer to arrive. */
    private static final long HUNG_WORKER_GRACE_MILLIS = 2_000;
    /** A newer worker may answer fields this client does not know (as a schema's segment key once was): they are ignored. */
    private static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** Names a query so that it can be cancelled; see docs/http-api.md. */
    public static final String QUERY_ID_HEADER = "X-Trough-Query-Id";
    /**
     * Sent as {@value #UNSERVED_REPORT} with a query: the worker answers for the segments it serves and names the
     * others in this header of its answer, instead of refusing the whole request with 404.
     */
    public static final String UNSERVED_HEADER = "X-Trough-Unserved";
    public static final String UNSERVED_REPORT = "report";

    /** Idle connections the shared client keeps, to all workers together. */
    static final int IDLE_CONNECTIONS = 64;
    /** Seconds an idle connection is kept: less than a worker keeps it. */
    static final int KEEP_ALIVE_SECONDS = 20;

    private final OkHttpClient http;
    private final HttpUrl base;
    private final String name;

    private WorkerClient(OkHttpClient http, HttpUrl base) {
        this.http = http;
        this.base = base;
        String url = base.toString();
        this.name = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A client for the worker at {@code baseUrl} that uses the connection pool of {@code http}. */
    public static WorkerClient sharing(OkHttpClient http, String baseUrl) {
        HttpUrl base = HttpUrl.parse(baseUrl);
        if (base == null) throw new IllegalArgumentException("not an http(s) URL for a worker: '" + baseUrl + "'");
        return new WorkerClient(http, base);
    }

    /**
     * An HTTP client with Trough's defaults; create one per process and share it. It keeps up to
     * {@value #IDLE_CONNECTIONS} idle connections, where OkHttp's default is 5: a driver whose threads fan out
     * to every worker at once would otherwise close, and open again, most of its connections. It closes one
     * idle for {@value #KEEP_ALIVE_SECONDS} s (OkHttp's default is 5 minutes), before a worker would: the
     * worker leaves Jetty's idle timeout at its default, 30 s. So a request is not sent on a connection the
     * worker is closing.
     */
    public static OkHttpClient defaultHttpClient() {
        return new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS))
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofMinutes(5))
                .writeTimeout(Duration.ofMinutes(1))
                .socketFactory(new NoDelaySockets())
                .build();
    }

    public String url() {
        return name;
    }

    /** Runs a query and streams its rows; the caller closes the answer. Parameters are SQLite values, byte[] included. */
    public QueryResponse query(QueryRequest request) throws WorkerException {
        return query(request, null);
    }

    /** Runs a query named {@code queryId} (or unnamed when null), so that {@link #cancel} can stop it. */
    public QueryResponse query(QueryRequest request, String queryId) throws WorkerException {
        return query(request, queryId, false);
    }

    /**
     * As {@link #query(QueryRequest, String)}, but segments the worker does not serve are left out of the answer and
     * named by {@link QueryResponse#unserved()}, for the caller to ask another replica; a 404 only when it serves none.
     */
    public QueryResponse queryServed(QueryRequest request, String queryId) throws WorkerException {
        return query(request, queryId, true);
    }

    private QueryResponse query(QueryRequest request, String queryId, boolean servedOnly) throws WorkerException {
        String segment = request.segments().size() == 1 ? request.segments().get(0).value() : null;
        QueryRequest encoded = new QueryRequest(request.sql(), request.segments(), QueryParameters.encode(request.params()),
                request.segmentColumn(), request.timeoutMillis(), request.order(), request.limit(), request.combine());
        Request.Builder builder = new Request.Builder()
                .url(base.resolve("/v1/query"))
                .header("Accept", BinaryRowWriter.MEDIA_TYPE)
                .post(RequestBody.create(json(encoded, segment), JSON));
        if (queryId != null) builder.header(QUERY_ID_HEADER, queryId);
        if (servedOnly) builder.header(UNSERVED_HEADER, UNSERVED_REPORT);
        Request httpRequest = builder.build();
        // The worker stops the query at its timeout and says so; a worker that hangs instead (a pause, a network that
        // drops packets) must not hold the reader far past it, whatever the socket's own read timeout.
        long callMillis = request.timeoutMillis() > 0 ? request.timeoutMillis() + HUNG_WORKER_GRACE_MILLIS : 0;
        Response response = execute(httpRequest, segment, callMillis);
        try {
            return new QueryResponse(response, new BinaryRowReader(response.body().byteStream()), name);
        } catch (IOException e) {
            response.close();
            throw new WorkerException(name, segment, response.code(), "stream_broken", "unreadable result: " + e.getMessage(), e);
        }
    }

    /** Runs a body of statements as one transaction on the segment. */
    public WriteResult write(SegmentId segment, String sql) throws WorkerException {
        return write(segment, sql, null).result();
    }

    /** A write's outcome and the write-lease epoch it committed under. */
    public record Written(WriteResult result, Long epoch) {}

    /**
     * Writes under the segment's write lease; {@code epoch} is the epoch the caller last wrote under (null for
     * any): the worker refuses with 409 {@code stale_lease} when the segment's writer has changed since.
     */
    public Written write(SegmentId segment, String sql, Long epoch) throws WorkerException {
        Leased<WriteResult> written = postUnderLease(segment, "/write", RequestBody.create(sql, SQL), WriteResult.class, epoch);
        return new Written(written.answer(), written.epoch());
    }

    /** Several writes sent at once and the lease epoch the worker ran them under. */
    public record WrittenEach(WritesResult result, Long epoch) {}

    /**
     * Sends several writes to the segment at once, each its own transaction, in order, under its write lease
     * ({@code epoch} as for {@link #write}); the answer says which were written (all durable) and why the
     * first that was not failed.
     */
    public WrittenEach writeEach(SegmentId segment, WritesRequest transactions, Long epoch) throws WorkerException {
        RequestBody body = RequestBody.create(json(transactions, segment.value()), JSON);
        Leased<WritesResult> written = postUnderLease(segment, "/writes", body, WritesResult.class, epoch);
        return new WrittenEach(written.answer(), written.epoch());
    }

    /** A worker's answer to a request made under a write lease, and the lease epoch it answered under. */
    private record Leased<T>(T answer, Long epoch) {}

    /** POSTs {@code body} to the segment's {@code path} under its write lease ({@code epoch} as for {@link #write}). */
    private <T> Leased<T> postUnderLease(SegmentId segment, String path, RequestBody body, Class<T> answerType, Long epoch) throws WorkerException {
        Request.Builder request = new Request.Builder()
                .url(base.resolve("/v1/segments/" + segment.value() + path))
                .post(body);
        if (epoch != null) request.header(LEASE_EPOCH_HEADER, epoch.toString());
        try (Response response = execute(request.build(), segment.value())) {
            String answered = response.header(LEASE_EPOCH_HEADER);
            T answer = MAPPER.readValue(response.body().byteStream(), answerType);
            return new Leased<>(answer, answered == null ? null : Long.valueOf(answered));
        } catch (IOException e) {
            if (e instanceof WorkerException w) throw w;
            throw new WorkerException(name, segment.value(), 0, "bad_response", "unreadable answer: " + e.getMessage(), e);
        }
    }

    /** Creates the segment from a registered schema; answers true when it was created, false when it existed. */
    public boolean provision(SegmentId segment, String schema) throws WorkerException {
        Request request = new Request.Builder()
                .url(base.resolve("/v1/segments"))
                .post(RequestBody.create(json(new ProvisionRequest(segment, schema), segment.value()), JSON))
                .build();
        try (Response response = execute(request, segment.value())) {
            return response.code() == 201;
        }
    }

    public List<SegmentInfo> segments(String prefix, boolean withRowCounts) throws WorkerException {
        HttpUrl url = base.resolve("/v1/segments").newBuilder()
                .addQueryParameter("prefix", prefix == null ? "" : prefix)
                .addQueryParameter("rows", Boolean.toString(withRowCounts))
                .build();
        return readJson(new Request.Builder().url(url).get().build(), null, new TypeReference<>() {});
    }

    public void deleteSegment(SegmentId segment) throws WorkerException {
        send(new Request.Builder().url(base.resolve("/v1/segments/" + segment.value())).delete().build(), segment.value());
    }

    /** Promotes the segment (this worker must hold its writes): its new durable copy, {@code {segment, generation, ...}}. */
    public Map<String, Object> promote(SegmentId segment) throws WorkerException {
        Request request = new Request.Builder().url(base.resolve("/v1/segments/" + segment.value() + "/promote"))
                .post(RequestBody.create(new byte[0], null)).build();
        return readJson(request, segment.value(), new TypeReference<>() {});
    }

    /** Registers the schema with its segment key, if it has one. */
    public void putSchema(SchemaDefinition schema) throws WorkerException {
        HttpUrl.Builder url = base.resolve("/v1/schemas/" + schema.name()).newBuilder();
        if (schema.segmentKey() != null) {
            url.addQueryParameter("segmentKey", schema.segmentKey().column()).addQueryParameter("segmentPattern", schema.segmentKey().pattern());
        }
        send(new Request.Builder()
                .url(url.build())
                .put(RequestBody.create(schema.sql(), SQL))
                .build(), null);
    }

    public List<SchemaDefinition> schemas() throws WorkerException {
        return readJson(new Request.Builder().url(base.resolve("/v1/schemas")).get().build(), null, new TypeReference<>() {});
    }

    public ClusterMap clusterMap() throws WorkerException {
        return readJson(new Request.Builder().url(base.resolve("/v1/cluster")).get().build(), null, new TypeReference<>() {});
    }

    /** The sync master's last placement round and the workers, fullest first ({@code GET /v1/cluster/status}). */
    public ClusterStatus clusterStatus() throws WorkerException {
        return readJson(new Request.Builder().url(base.resolve("/v1/cluster/status")).get().build(), null, new TypeReference<>() {});
    }

    /** A page of the schema's segments, after the cursor {@code after} (null for the first page). */
    public ClusterSegmentPage clusterSegments(String schema, String after, int limit) throws WorkerException {
        HttpUrl.Builder url = base.resolve("/v1/cluster/segments").newBuilder()
                .addQueryParameter("schema", schema)
                .addQueryParameter("limit", Integer.toString(limit));
        if (after != null) url.addQueryParameter("after", after);
        return readJson(new Request.Builder().url(url.build()).get().build(), null, new TypeReference<>() {});
    }

    /** Asks the worker to stop a query started with {@code X-Trough-Query-Id: queryId}; false when it had finished. */
    public boolean cancel(String queryId) {
        Request request = new Request.Builder().url(base.resolve("/v1/queries/" + queryId)).delete().build();
        Call call = http.newCall(request);
        call.timeout().timeout(HUNG_WORKER_GRACE_MILLIS, TimeUnit.MILLISECONDS); // best effort: a hung worker must not hold the canceller
        try (Response response = call.execute()) {
            return response.isSuccessful();
        } catch (IOException e) {
            return false;
        }
    }

    public Map<String, Object> health() throws WorkerException {
        return readJson(new Request.Builder().url(base.resolve("/health")).get().build(), null, new TypeReference<>() {});
    }

    private <T> T readJson(Request request, String segment, TypeReference<T> type) throws WorkerException {
        try (Response response = execute(request, segment)) {
            return MAPPER.readValue(response.body().byteStream(), type);
        } catch (IOException e) {
            if (e instanceof WorkerException w) throw w;
            throw new WorkerException(name, segment, 0, "bad_response", "unreadable answer: " + e.getMessage(), e);
        }
    }

    private byte[] json(Object value, String segment) throws WorkerException {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new WorkerException(name, segment, 0, "bad_request", "cannot encode request: " + e.getMessage(), e);
        }
    }

    /** Sends a request whose answer carries nothing but its status. */
    private void send(Request request, String segment) throws WorkerException {
        execute(request, segment).close();
    }

    /** Sends the request and answers the response when it succeeded; any failure becomes a WorkerException. */
    private Response execute(Request request, String segment) throws WorkerException {
        return execute(request, segment, 0);
    }

    /** {@code callMillis}: how long the whole exchange may take, its body read to the end included; 0 for no limit. */
    private Response execute(Request request, String segment, long callMillis) throws WorkerException {
        Response response;
        try {
            Call call = http.newCall(request);
            if (callMillis > 0) call.timeout().timeout(callMillis, TimeUnit.MILLISECONDS);
            response = call.execute();
        } catch (IOException e) {
            throw new WorkerException(name, segment, 0, "unreachable",
                    "cannot reach worker (" + e.getMessage() + "); check that it runs and listens on this address", e);
        }
        if (response.isSuccessful()) return response;
        try (response) {
            String body = response.body().string();
            ErrorBody error = parseError(body);
            String detail = error != null ? error.detail() : body.isBlank() ? response.message() : body.strip();
            String errorSegment = error != null && error.segment() != null ? error.segment() : segment;
            throw new WorkerException(name, errorSegment, response.code(), error == null ? null : error.error(), detail, null);
        } catch (IOException e) {
            if (e instanceof WorkerException w) throw w;
            throw new WorkerException(name, segment, response.code(), null, response.message(), e);
        }
    }

    private static ErrorBody parseError(String body) {
        try {
            return MAPPER.readValue(body, ErrorBody.class);
        } catch (IOException e) {
            return null;
        }
    }
}
