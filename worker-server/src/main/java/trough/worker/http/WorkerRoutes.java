package trough.worker.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.api.ErrorBody;
import trough.worker.WorkerConfig;
import trough.worker.WorkerError;
import trough.worker.admission.RateLimits;
import trough.worker.admission.RequestGate;
import trough.worker.cluster.ClusterView;
import trough.worker.cluster.SegmentLifecycle;
import trough.worker.metrics.WorkerMetrics;
import trough.worker.query.QueryService;
import trough.worker.security.AccessControl;
import trough.worker.security.Role;
import trough.worker.segment.SegmentCatalog;

/** Every route of a worker, and the one place that turns failures into JSON error answers. */
public final class WorkerRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerRoutes.class);

    private final NativeApi nativeApi;
    private final CompatibleApi compatibleApi;
    private final ClusterApi clusterApi;
    private final WorkerMetrics metrics;
    private final Supplier<Map<String, Object>> health;
    private final AccessControl access;
    private final RateLimits rateLimits;
    private final RequestGate gate;

    public WorkerRoutes(QueryService queries, SegmentLifecycle writes, SegmentCatalog catalog, WorkerMetrics metrics,
                        WorkerConfig config, Supplier<String> publicUrl, Supplier<ClusterView> clusterView,
                        Supplier<Map<String, Object>> health, AccessControl access, RequestGate gate, ClientDisconnects disconnects) {
        RequestBodies bodies = new RequestBodies(config.maxBodyBytes(), config.admission().bodyTimeout());
        this.nativeApi = new NativeApi(queries, writes, catalog, bodies, metrics, disconnects);
        this.compatibleApi = new CompatibleApi(nativeApi, queries, writes, catalog, bodies, metrics, publicUrl);
        this.clusterApi = new ClusterApi(clusterView);
        this.metrics = metrics;
        this.health = health;
        this.access = access;
        this.rateLimits = new RateLimits(config.admission());
        this.gate = gate;
    }

    public void register(RoutesConfig routes) {
        // Who may call comes first, then how often: a stranger's requests do not use up a token's rate.
        routes.beforeMatched(access::check);
        routes.beforeMatched(rateLimits::check);
        nativeApi.register(routes, gate);
        compatibleApi.register(routes, gate);
        clusterApi.register(routes);
        routes.get("/health", ctx -> ctx.json(health.get()));
        routes.get("/metrics", ctx -> {
            ctx.contentType(metrics.contentType());
            metrics.writeTo(ctx.outputStream());
        }, Role.READ);
        routes.exception(WorkerError.class, (error, ctx) -> answer(ctx, error.status(), error.body()));
        routes.exception(Exception.class, (error, ctx) -> {
            LOG.error("unexpected failure serving {} {}", ctx.method(), ctx.path(), error);
            answer(ctx, 500, new ErrorBody("internal", null, "the worker failed unexpectedly: " + error
                    + "; see the worker's log and report it"));
        });
        routes.error(404, "*", ctx -> {
            if (ctx.endpoints().lastHttpEndpoint() == null) {
                answer(ctx, 404, new ErrorBody("no_such_endpoint", null, ctx.method() + " " + ctx.path()
                        + " is not an endpoint of this worker; see docs/http-api.md"));
            }
        });
        routes.error(405, "*", ctx -> answer(ctx, 405, new ErrorBody("method_not_allowed", null,
                ctx.method() + " is not allowed on " + ctx.path() + "; see docs/http-api.md")));
    }

    private static void answer(Context ctx, int status, ErrorBody body) {
        if (ctx.res().isCommitted()) {
            // Rows were already sent: the row writer reported the failure in-stream (or cut the JSON short).
            LOG.warn("{} {} failed after the answer started: {}", ctx.method(), ctx.path(), body.detail());
            return;
        }
        ctx.res().resetBuffer();
        ctx.status(status).json(body);
    }
}
