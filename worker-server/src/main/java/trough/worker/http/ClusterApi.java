package trough.worker.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.function.Supplier;
import trough.worker.WorkerError;
import trough.worker.cluster.ClusterView;
import trough.worker.security.Role;

/**
 * The cluster map, answered by any node: drivers ask it which schemas and segments exist and which workers
 * serve them, operators how placement went and how full the workers are (docs/http-api.md).
 */
final class ClusterApi {
    private static final int MAX_PAGE = 10_000;

    private final Supplier<ClusterView> view;

    ClusterApi(Supplier<ClusterView> view) {
        this.view = view;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/cluster", ctx -> ctx.json(view.get().map()), Role.READ);
        routes.get("/v1/cluster/segments", this::segments, Role.READ);
        routes.get("/v1/cluster/status", ctx -> ctx.json(view.get().status()), Role.READ);
    }

    private void segments(Context ctx) {
        String schema = ctx.queryParam("schema");
        if (schema == null || schema.isBlank()) {
            throw WorkerError.badRequest("no_schema", null, "name the schema: GET /v1/cluster/segments?schema=NAME");
        }
        ctx.json(view.get().segments(schema, ctx.queryParam("after"), limit(ctx.queryParam("limit"))));
    }
    private static int limit(String value) {
        if (value == null) return 1000;
        try {
            int limit = Integer.parseInt(value);
            if (limit < 1 || limit > MAX_PAGE) throw new NumberFormatException();
            return limit;
        } catch (NumberFormatException e) {
            throw WorkerError.badRequest("bad_limit", null, "limit must be a whole number from 1 to " + MAX_PAGE + ", not '" + value + "'");
        }
    }
}
