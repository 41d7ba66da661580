package trough.worker.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import trough.core.api.QueryRequest;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.worker.WorkerError;
import trough.worker.admission.RequestGate;
import trough.worker.cluster.SegmentLifecycle;
import trough.worker.metrics.WorkerMetrics;
import trough.worker.query.QueryService;
import trough.worker.security.AuditLog;
import trough.worker.security.Role;
import trough.worker.segment.SegmentCatalog;

/**
 * The HTTP API of the original Python Trough, so its clients keep working: the read and write servers
 * and the segment manager, on one port. Where the original answered 500 for a client's mistake, this
 * answers the 4xx that says what the mistake was.
 */
final class CompatibleApi {
    private final NativeApi nativeApi;
    private final QueryService queries;
    private final SegmentLifecycle writes;
    private final SegmentCatalog catalog;
    private final RequestBodies bodies;
    private final WorkerMetrics metrics;
    private final Supplier<String> publicUrl;

    CompatibleApi(NativeApi nativeApi, QueryService queries, SegmentLifecycle writes, SegmentCatalog catalog,
                  RequestBodies bodies, WorkerMetrics metrics, Supplier<String> publicUrl) {
        this.nativeApi = nativeApi;
        this.queries = queries;
        this.writes = writes;
        this.catalog = catalog;
        this.bodies = bodies;
        this.metrics = metrics;
        this.publicUrl = publicUrl;
    }

    void register(RoutesConfig routes, RequestGate gate) {
        routes.post("/", bodies.readFirst(gate.guard(this::read)), Role.READ);
        routes.post("/write", bodies.readFirst(gate.guard(this::write)), Role.WRITE);
        routes.post("/provision", this::provision, Role.WRITE);
        routes.post("/promote", ctx -> ctx.json(writes.promote(segmentFromBody(ctx))), Role.ADMIN);
        routes.get("/schema", ctx -> ctx.json(catalog.schemas().stream().map(SchemaDefinition::name).toList()), Role.READ);
        routes.get("/schema/{id}", ctx -> {
            SchemaDefinition schema = schema(ctx.pathParam("id"));
            ctx.json(Map.of("id", schema.name(), "sql", schema.sql()));
        }, Role.READ);
        routes.get("/schema/{id}/sql", ctx -> ctx.contentType("application/sql").result(schema(ctx.pathParam("id")).sql()), Role.READ);
        routes.put("/schema/{id}", this::putSchemaJson, Role.ADMIN);
        routes.put("/schema/{id}/sql", ctx -> ctx.status(catalog.putSchema(ctx.pathParam("id"), bodies.text(ctx)) ? 201 : 204), Role.ADMIN);
        routes.delete("/segment/{id}", ctx -> {
            writes.delete(NativeApi.segmentId(ctx.pathParam("id")), "true".equalsIgnoreCase(ctx.queryParam("force")));
            ctx.status(204);
        }, Role.ADMIN);
    }

    private void read(Context ctx) throws IOException {
        SegmentId segment = segment(ctx);
        QueryRequest request = QueryRequest.of(bodies.text(ctx), java.util.List.of(segment));
        nativeApi.streamRows(ctx, queries.prepare(request), ctx.header(NativeApi.QUERY_ID_HEADER), false);
    }

    private void write(Context ctx) {
        var write = writes.write(segment(ctx), bodies.text(ctx), NativeApi.epoch(ctx));
        metrics.rowsWritten(write.result().rowsChanged());
        ctx.contentType("text/plain").result("OK\n");
    }

    private void provision(Context ctx) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = bodies.json(ctx, Map.class);
        String schema = body.get("schema") instanceof String s ? s : "default";
        SegmentId segmentId = segmentFromBody(ctx, body);
        writes.provision(segmentId, schema);
        ctx.json(Map.of("write_url", publicUrl.get() + "/write?segment=" + segmentId.value(),
                "size", catalog.info(segmentId, false).sizeBytes(), "schema", schema));
    }

    @SuppressWarnings("unchecked")
    private SegmentId segmentFromBody(Context ctx) {
        return segmentFromBody(ctx, bodies.json(ctx, Map.class));
    }

    private static SegmentId segmentFromBody(Context ctx, Map<String, Object> body) {
        if (!(body.get("segment") instanceof String id)) {
            throw WorkerError.badRequest("no_segment", null, "the body must be JSON {\"segment\": \"<id>\", ...}");
        }
        SegmentId segment = NativeApi.segmentId(id);
        AuditLog.names(ctx, segment);
        return segment;
    }

    private void putSchemaJson(Context ctx) {
        @SuppressWarnings("unchecked")
        Map<String, Object> body = bodies.json(ctx, Map.class);
        if (!body.keySet().equals(java.util.Set.of("id", "sql"))) {
            throw WorkerError.badRequest("bad_schema", null, "input json has keys " + body.keySet() + " (should be {id, sql})");
        }
        if (!ctx.pathParam("id").equals(body.get("id"))) {
            throw WorkerError.badRequest("bad_schema", null, "id in json '" + body.get("id") + "' does not match id in url '" + ctx.pathParam("id") + "'");
        }
        if (!(body.get("sql") instanceof String sql)) {
            throw WorkerError.badRequest("bad_schema", null, "sql in json must be a string");
        }
        ctx.status(catalog.putSchema(ctx.pathParam("id"), sql) ? 201 : 204);
    }

    private SchemaDefinition schema(String name) {
        return catalog.schema(name).orElseThrow(() -> WorkerError.notFound("unknown_schema", null, "schema '" + name + "' is not registered"));
    }

    /** The segment from {@code ?segment=ID}, or else from the first label of the Host header, as the original did. */
    private static SegmentId segment(Context ctx) {
        String id = ctx.queryParam("segment");
        if (id == null) {
            String host = ctx.header("Host");
            id = host == null ? "" : host.split("[.:]", 2)[0];
        }
        return NativeApi.segmentId(id);
    }
}
