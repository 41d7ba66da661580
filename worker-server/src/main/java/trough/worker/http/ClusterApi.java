package trough.worker.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import trough.core.api.ClusterMap;
import trough.core.api.ClusterSegment;
import trough.core.api.ClusterSegmentPage;
import trough.core.registry.SegmentPage;
import trough.core.registry.SegmentRecord;
import trough.worker.WorkerError;
import trough.worker.segment.SegmentCatalog;

/**
 * The cluster map, answered by any node: drivers ask it which schemas and segments exist and which workers
 * serve them. This worker knows only itself as a replica until placement (the sync service) tells it more.
 */
final class ClusterApi {
    private static final int MAX_PAGE = 10_000;

    private final SegmentCatalog catalog;
    private final Supplier<String> selfUrl;

    ClusterApi(SegmentCatalog catalog, Supplier<String> selfUrl) {
        this.catalog = catalog;
        this.selfUrl = selfUrl;
    }

    void register(RoutesConfig routes) {
        routes.get("/v1/cluster", ctx -> ctx.json(new ClusterMap(catalog.version(), List.of(selfUrl.get()), catalog.schemas())));
        routes.get("/v1/cluster/segments", this::segments);
    }

    private void segments(Context ctx) {
        String schema = ctx.queryParam("schema");
        if (schema == null || schema.isBlank()) {
            throw WorkerError.badRequest("no_schema", null, "name the schema: GET /v1/cluster/segments?schema=NAME");
        }
        int limit = limit(ctx.queryParam("limit"));
        SegmentPage page = catalog.registry().segmentsOfSchema(schema, ctx.queryParam("after"), limit);
        String self = selfUrl.get();
        List<ClusterSegment> segments = new ArrayList<>(page.segments().size());
        for (SegmentRecord record : page.segments()) {
            boolean local = catalog.serves(record.id());
            segments.add(new ClusterSegment(record.id().value(), schema, local ? List.of(self) : List.of(), local ? self : null));
        }
        ctx.json(new ClusterSegmentPage(segments, page.next()));
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
