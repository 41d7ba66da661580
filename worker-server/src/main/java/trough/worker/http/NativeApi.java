package trough.worker.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import trough.core.api.ProvisionRequest;
import trough.core.api.QueryRequest;
import trough.core.api.WriteResult;
import trough.core.api.WritesRequest;
import trough.core.client.WorkerClient;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Tier;
import trough.core.segment.InvalidSegmentIdException;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;
import trough.core.wire.BinaryRowWriter;
import trough.core.wire.JsonRowWriter;
import trough.core.wire.RowWriter;
import trough.worker.WorkerError;
import trough.worker.admission.RequestGate;
import trough.worker.cluster.SegmentLifecycle;
import trough.worker.cluster.WriteLeases;
import trough.worker.metrics.WorkerMetrics;
import trough.worker.query.QueryService;
import trough.worker.security.AuditLog;
import trough.worker.security.Role;
import trough.worker.segment.SegmentCatalog;

/** The native API under {@code /v1} (docs/http-api.md). */
final class NativeApi {
    static final String QUERY_ID_HEADER = WorkerClient.QUERY_ID_HEADER;

    private final QueryService queries;
    private final SegmentLifecycle writes;
    private final SegmentCatalog catalog;
    private final RequestBodies bodies;
    private final WorkerMetrics metrics;
    private final ClientDisconnects disconnects;

    NativeApi(QueryService queries, SegmentLifecycle writes, SegmentCatalog catalog, RequestBodies bodies, WorkerMetrics metrics,
              ClientDisconnects disconnects) {
        this.queries = queries;
        this.writes = writes;
        this.catalog = catalog;
        this.bodies = bodies;
        this.metrics = metrics;
        this.disconnects = disconnects;
    }

    void register(RoutesConfig routes, RequestGate gate) {
        // The body first, then a run slot: a client trickling its body holds no slot meanwhile.
        routes.post("/v1/query", bodies.readFirst(gate.guard(this::query)), Role.READ);
        routes.delete("/v1/queries/{id}", this::cancel, Role.READ);
        routes.post("/v1/segments", this::provision, Role.WRITE);
        routes.get("/v1/segments", ctx -> ctx.json(catalog.list(ctx.queryParam("prefix"), flag(ctx, "rows"))), Role.READ);
        routes.get("/v1/segments/{id}", ctx -> ctx.json(catalog.info(segmentId(ctx.pathParam("id")), flag(ctx, "rows"))), Role.READ);
        routes.delete("/v1/segments/{id}", ctx -> {
            writes.delete(segmentId(ctx.pathParam("id")), flag(ctx, "force"));
            ctx.status(204);
        }, Role.ADMIN);
        routes.post("/v1/segments/{id}/write", bodies.readFirst(gate.guard(this::write)), Role.WRITE);
        routes.post("/v1/segments/{id}/writes", bodies.readFirst(gate.guard(this::writeEach)), Role.WRITE);
        routes.post("/v1/segments/{id}/promote", ctx -> ctx.json(writes.promote(segmentId(ctx.pathParam("id")))), Role.ADMIN);
        routes.put("/v1/segments/{id}/tier", ctx -> {
            SegmentRecord record = catalog.setTier(segmentId(ctx.pathParam("id")), tier(bodies.text(ctx)));
            ctx.json(Map.of("segment", record.id().value(), "tier", record.tier().name().toLowerCase(Locale.ROOT)));
        }, Role.ADMIN);
        routes.get("/v1/schemas", ctx -> ctx.json(catalog.schemas()), Role.READ);
        routes.get("/v1/schemas/{name}", ctx -> ctx.json(catalog.schema(ctx.pathParam("name")).orElseThrow(() ->
                WorkerError.notFound("unknown_schema", null, "schema '" + ctx.pathParam("name") + "' is not registered"))), Role.READ);
        routes.put("/v1/schemas/{name}", this::putSchema, Role.ADMIN);
        routes.delete("/v1/schemas/{name}", ctx -> {
            catalog.deleteSchema(ctx.pathParam("name"));
            ctx.status(204);
        }, Role.ADMIN);
    }

    private void query(Context ctx) throws IOException {
        QueryRequest request = bodies.json(ctx, QueryRequest.class);
        boolean servedOnly = WorkerClient.UNSERVED_REPORT.equals(ctx.header(WorkerClient.UNSERVED_HEADER));
        QueryService.PreparedQuery query = queries.prepare(request, servedOnly);
        if (!query.unserved().isEmpty()) ctx.header(WorkerClient.UNSERVED_HEADER, query.unserved().stream().map(SegmentId::value).collect(Collectors.joining(",")));
        streamRows(ctx, query, ctx.header(QUERY_ID_HEADER), wantsBinary(ctx));
    }

    /** Streams a checked query's rows in the format asked for; shared with the original-compatible read. */
    void streamRows(Context ctx, QueryService.PreparedQuery query, String queryId, boolean binary) throws IOException {
        ctx.status(200).contentType(binary ? BinaryRowWriter.MEDIA_TYPE : JsonRowWriter.MEDIA_TYPE);
        CountingOutputStream out = new CountingOutputStream(ctx.outputStream());
        RowWriter writer = binary ? new BinaryRowWriter(out) : new JsonRowWriter(out);
        ClientDisconnects.Watch watch = disconnects.watch(ctx, () -> query.cancel("the client went away"));
        long rows;
        try {
            rows = queries.run(query, queryId, writer, out::count);
        } finally {
            watch.close();
        }
        metrics.queryAnswered(rows, out.count());
    }

    private void cancel(Context ctx) {
        if (!queries.cancel(ctx.pathParam("id"))) {
            throw WorkerError.notFound("unknown_query", null, "no query with id " + ctx.pathParam("id") + " is running here");
        }
        ctx.status(202).json(Map.of("cancelled", ctx.pathParam("id")));
    }

    /**
     * The DDL as the body, the segment key (if any) in {@code ?segmentKey=&segmentPattern=}; or, with a JSON
     * content type, the schema as {@code GET} shows it: {@code {"sql": ..., "segmentKey": {"column": ..., "pattern": ...}}}.
     */
    private void putSchema(Context ctx) {
        String name = ctx.pathParam("name");
        String sql;
        SegmentKey key;
        String contentType = ctx.contentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            SchemaBody body = bodies.json(ctx, SchemaBody.class);
            if (body.name() != null && !body.name().equals(name)) {
                throw WorkerError.badRequest("bad_schema", null, "the body names schema '" + body.name() + "', the URL '" + name + "'");
            }
            if (body.sql() == null) throw WorkerError.badRequest("bad_schema", null, "give the schema's DDL as \"sql\"");
            sql = body.sql();
            key = body.segmentKey() == null ? null : segmentKey(body.segmentKey().column(), body.segmentKey().pattern());
        } else {
            sql = bodies.text(ctx);
            String column = ctx.queryParam("segmentKey");
            String pattern = ctx.queryParam("segmentPattern");
            if (column == null && pattern != null) {
                throw WorkerError.badRequest("bad_segment_key", null, "segmentPattern needs segmentKey, the column whose value fills it");
            }
            key = column == null ? null : segmentKey(column, pattern);
        }
        boolean created = catalog.putSchema(name, sql, key);
        ctx.status(created ? 201 : 200).json(catalog.schema(name).orElseThrow());
    }

    /** A schema in a JSON body; its key as two plain strings, so that a bad one is refused with the key's own message. */
    record SchemaBody(String name, String sql, KeyBody segmentKey) {}

    record KeyBody(String column, String pattern) {}

    private static SegmentKey segmentKey(String column, String pattern) {
        try {
            return SegmentKey.of(column, pattern);
        } catch (IllegalArgumentException e) {
            throw WorkerError.badRequest("bad_segment_key", null, e.getMessage());
        }
    }

    private void provision(Context ctx) {
        ProvisionRequest request = bodies.json(ctx, ProvisionRequest.class);
        SegmentId id = request.segment();
        if (id == null) {
            throw WorkerError.badRequest("bad_segment_id", null, "give the segment to create: {\"segment\": ..., \"schema\": ...}; " + SegmentId.RULE);
        }
        if (request.schema() == null) {
            throw WorkerError.badRequest("no_schema", id.value(), "give the schema to create the segment from: {\"segment\": ..., \"schema\": ...}");
        }
        AuditLog.names(ctx, id);
        SegmentLifecycle.Provisioned provisioned = writes.provision(id, request.schema());
        ctx.header(WriteLeases.EPOCH_HEADER, Long.toString(provisioned.epoch()));
        ctx.status(provisioned.created() ? 201 : 200).json(catalog.info(id, false));
    }

    private void write(Context ctx) {
        SegmentId id = segmentId(ctx.pathParam("id"));
        SegmentLifecycle.LeasedWrite write = writes.write(id, bodies.text(ctx), epoch(ctx));
        metrics.rowsWritten(write.result().rowsChanged());
        ctx.header(WriteLeases.EPOCH_HEADER, Long.toString(write.epoch()));
        ctx.json(write.result());
    }

    private void writeEach(Context ctx) {
        SegmentId id = segmentId(ctx.pathParam("id"));
        WritesRequest request = bodies.json(ctx, WritesRequest.class);
        SegmentLifecycle.LeasedWrites writes = this.writes.writeEach(id, request, epoch(ctx));
        for (WriteResult written : writes.result().written()) metrics.rowsWritten(written.rowsChanged());
        ctx.header(WriteLeases.EPOCH_HEADER, Long.toString(writes.epoch()));
        ctx.json(writes.result());
    }

    private static Tier tier(String body) {
        try {
            return Tier.valueOf(body.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WorkerError.badRequest("bad_tier", null, "the body must be hot or cold, not '" + body.strip() + "'");
        }
    }

    /** The lease epoch the writer presents, or null when it presents none. */
    static Long epoch(Context ctx) {
        String value = ctx.header(WriteLeases.EPOCH_HEADER);
        if (value == null) return null;
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw WorkerError.badRequest("bad_epoch", null, WriteLeases.EPOCH_HEADER + " must be a whole number, not '" + value + "'");
        }
    }

    static boolean wantsBinary(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains(BinaryRowWriter.MEDIA_TYPE);
    }

    static SegmentId segmentId(String value) {
        try {
            return SegmentId.of(value);
        } catch (InvalidSegmentIdException e) {
            throw WorkerError.badRequest("bad_segment_id", null, e.getMessage());
        }
    }

    private static boolean flag(Context ctx, String name) {
        return "true".equalsIgnoreCase(ctx.queryParam(name));
    }
}
