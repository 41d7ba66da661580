package trough.worker;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.Registry;
import trough.sync.agent.LocalSyncAgent;
import trough.sync.storage.SegmentStorage;
import trough.worker.admission.RequestGate;
import trough.worker.cluster.ClusterView;
import trough.worker.cluster.Promoter;
import trough.worker.cluster.SegmentLifecycle;
import trough.worker.cluster.WorkerHeartbeat;
import trough.worker.cluster.WorkerSegmentHost;
import trough.worker.cluster.WriteLeases;
import trough.worker.cluster.WriterTakeOver;
import trough.worker.http.ClientDisconnects;
import trough.worker.http.JsonErrorHandler;
import trough.worker.http.WorkerRoutes;
import trough.worker.metrics.WorkerMetrics;
import trough.worker.query.QueryService;
import trough.worker.query.ResultLimits;
import trough.worker.security.AccessControl;
import trough.worker.security.AuditLog;
import trough.worker.security.HttpsConnector;
import trough.worker.security.SecuritySettings;
import trough.worker.security.TokenFile;
import trough.worker.segment.SegmentCatalog;
import trough.worker.segment.SegmentConnections;
import trough.worker.segment.SegmentStore;
import trough.worker.write.LogShipper;
import trough.worker.write.WriteDurability;
import trough.worker.write.WriteService;

/** One worker: the HTTP server over the segment files of its data directory. */
public final class WorkerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerServer.class);

    private final WorkerConfig config;
    private final SegmentStore store;
    private final SegmentConnections connections;
    private final ExecutorService queryPool;
    private final ScheduledExecutorService watchdog;
    /** Writes change-log records while the writing thread forces its WAL (LogShipper). */
    private final ExecutorService logAppends;
    private final SegmentCatalog catalog;
    private final Registry registry;
    private final QueryService queries;
    private final Javalin app;
    private final ScheduledExecutorService clusterTasks;
    private final SegmentStorage storage;
    private final WriteDurability durability;
    private final WriteLeases writeLeases;
    private final SegmentLifecycle lifecycle;
    private final AccessControl access;
    private final AuditLog audit;
    private final RequestGate gate;
    private final ClientDisconnects disconnects;
    private volatile ClusterView clusterView;
    private WorkerHeartbeat heartbeat;
    private volatile LocalSyncAgent agent;
    private ScheduledExecutorService agentThread;
    private SegmentCatalog.LocalFiles registeredAtStart;

    private WorkerServer(WorkerConfig config, Registry registry) {
        requireSafeBind(config);
        this.config = config;
        this.store = new SegmentStore(config.dataDir());
        store.removeLeftovers();
        this.storage = openStorage(config.storage());
        this.durability = WriteDurability.resolve(config.membership().durability(), storage != null, config.agent().replicas());
        // Replicated writes force the WAL themselves, while their change-log record is written (LogShipper).
        // A segment's readers: one per query thread, and one per running request, which reads a lone segment itself.
        this.connections = new SegmentConnections(store, config.queryThreads() + config.admission().maxRunning(), config.maxOpenConnections(),
                durability == WriteDurability.REPLICATED);
        this.queryPool = Executors.newFixedThreadPool(config.queryThreads(), daemonThreads("trough-query"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemonThreads("trough-watchdog"));
        long timeoutMillis = config.queryTimeout().toMillis();
        // One request scans at most one segment per core at once: SQLite's scans use the CPU, so more at once only
        // slow each other down (Q3's four segments: 26 ms with four at once, 23.5 with two); the pool's other
        // threads serve other requests meanwhile.
        int perRequest = Math.min(config.queryThreads(), Math.max(2, Runtime.getRuntime().availableProcessors()));
        QueryService queries = new QueryService(store, connections, queryPool, perRequest, timeoutMillis,
                new ResultLimits(config.admission().maxResultRows(), config.admission().maxResultBytes()));
        boolean replicated = durability == WriteDurability.REPLICATED;
        this.logAppends = Executors.newCachedThreadPool(daemonThreads("trough-log-append"));
        WriteService writes = new WriteService(store, connections, watchdog, timeoutMillis,
                new LogShipper(replicated ? storage.log() : null, logAppends), this::workerId);
        this.registry = registry;
        this.catalog = new SegmentCatalog(store, connections, registry, this::workerId);
        this.queries = queries;
        this.clusterTasks = Executors.newScheduledThreadPool(2, daemonThreads("trough-cluster"));
        this.writeLeases = new WriteLeases(registry, this::workerId, config.membership().writeLeaseTtl(),
                new WriterTakeOver(registry, store, connections, catalog, storage, replicated, this::workerId));
        Promoter promoter = new Promoter(registry, store, catalog, storage, writeLeases, writes, this::workerId);
        this.lifecycle = new SegmentLifecycle(registry, store, catalog, writes, writeLeases, promoter, storage);
        WorkerMetrics metrics = new WorkerMetrics(connections::openCount, queries::runningCount,
                () -> agent == null ? 0 : agent.failing().size(), () -> agent == null ? 0 : agent.failedDownloads(),
                () -> registry.placements().lastRound());
        SecuritySettings security = config.security();
        this.access = new AccessControl(security.tokensFile() == null ? null : TokenFile.load(security.tokensFile()));
        this.audit = security.auditLog() == null ? null : AuditLog.open(security.auditLog());
        this.gate = new RequestGate(config.admission());
        this.disconnects = ClientDisconnects.start();
        WorkerRoutes routes = new WorkerRoutes(queries, lifecycle, catalog, metrics, config, this::url, () -> clusterView, this::health,
                access, gate, disconnects);
        this.app = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            // Results are streamed in batches; compressing them would buffer and cost CPU on loopback.
            javalin.http.compressionStrategy = CompressionStrategy.NONE;
            javalin.jetty.host = config.host();
            javalin.jetty.port = config.port();
            if (security.tls() != null) {
                javalin.jetty.addConnector((server, http) -> HttpsConnector.create(server, http, security.tls(), config.host(), config.port()));
            }
            javalin.requestLogger.http((ctx, millis) -> {
                metrics.request(endpointName(ctx), ctx.statusCode(), millis / 1000.0);
                if (audit != null) audit.record(ctx, millis);
            });
            javalin.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            javalin.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            routes.register(javalin.routes);
        });
    }

    /**
     * Refuses to serve a non-loopback address to everyone: without tokens, anyone who reaches the port could
     * read, write and delete. {@code insecure} is the operator saying they know.
     */
    private static void requireSafeBind(WorkerConfig config) {
        if (config.security().tokensFile() != null || config.security().insecure()) return;
        boolean loopback;
        try {
            loopback = InetAddress.getByName(config.host()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot resolve the address to bind, " + config.host() + ": " + e.getMessage(), e);
        }
        if (!loopback) {
            throw new IllegalStateException("refusing to serve " + config.host() + " without authentication: anyone who reaches it could read, "
                    + "write and delete. Set security.tokensFile (docs/security.md), bind 127.0.0.1, or pass --insecure "
                    + "(security.insecure = true) to serve it open anyway");
        }
    }

    /** Starts a worker; the registry stays owned by the caller. */
    public static WorkerServer start(WorkerConfig config, Registry registry) {
        WorkerServer server = new WorkerServer(config, registry);
        server.app.start();
        try {
            server.joinCluster();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        LOG.info("worker {} serving {} on {}", server.workerId(), server.store.dataDir(), server.url());
        return server;
    }

    /** The URL others reach this worker at. */
    public String url() {
        if (config.publicUrl() != null) return config.publicUrl();
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return (config.security().tls() != null ? "https://" : "http://") + host + ":" + port();
    }

    /** This worker's name in the registry: the configured one, or its host and port. */
    public String workerId() {
        String configured = config.membership().workerId();
        return configured != null ? configured : config.host() + ":" + app.port();
    }

    private void joinCluster() {
        clusterView = new ClusterView(registry, workerId(), url(), store::exists);
        heartbeat = new WorkerHeartbeat(registry, config.membership(), workerId(), url(), store::totalBytes, queries::runningCount);
        heartbeat.start(clusterTasks);
        registeredAtStart = catalog.registerLocalFiles();
        for (String skipped : registeredAtStart.skipped()) LOG.warn("worker {}: skipped {}", workerId(), skipped);
        writeLeases.start(clusterTasks);
        Duration promoteEvery = config.membership().promoteEvery();
        if (promoteEvery != null && storage != null) {
            long millis = promoteEvery.toMillis();
            clusterTasks.scheduleWithFixedDelay(this::promoteWritten, millis, millis, TimeUnit.MILLISECONDS);
        }
        if (storage != null) {
            agent = new LocalSyncAgent(registry, storage, new WorkerSegmentHost(workerId(), store, connections, writeLeases), config.agent());
            // Its own thread: a round waits for downloads, and heartbeats must not wait behind it.
            agentThread = Executors.newSingleThreadScheduledExecutor(daemonThreads("trough-sync-agent"));
            agent.start(agentThread);
        }
    }

    private void promoteWritten() {
        try {
            int promoted = lifecycle.promoteWritten();
            if (promoted > 0) LOG.info("worker {}: promoted {} segment(s) written since their last promotion", workerId(), promoted);
        } catch (RuntimeException e) {
            LOG.warn("worker {}: periodic promotion failed: {}; it is tried again in {}", workerId(), e.getMessage(), config.membership().promoteEvery());
        }
    }

    private static SegmentStorage openStorage(URI uri) {
        if (uri == null) return null;
        try {
            return SegmentStorage.open(uri, new Configuration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open durable storage " + uri + ": " + e.getMessage(), e);
        }
    }

    /** Creates, writes, promotes and deletes this worker's segments, as its HTTP API does. */
    public SegmentLifecycle segments() {
        return lifecycle;
    }

    /** Segment files found in the data directory at start that the registry did not know, and files skipped there. */
    public SegmentCatalog.LocalFiles registeredAtStart() {
        return registeredAtStart;
    }

    /** The local sync agent, or null when this worker has no durable storage. */
    public LocalSyncAgent agent() {
        return agent;
    }

    public Path dataDir() {
        return store.dataDir();
    }

    public int port() {
        return app.port();
    }

    public SegmentCatalog catalog() {
        return catalog;
    }

    private Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", "ok");
        health.put("url", url());
        health.put("dataDir", store.dataDir().toString());
        health.put("writeDurability", durability.name().toLowerCase(java.util.Locale.ROOT));
        health.put("segments", store.list(null).size());
        health.put("openConnections", connections.openCount());
        health.put("requestsRunning", gate.runningCount());
        health.put("requestsWaiting", gate.waitingCount());
        health.put("requestsRefusedBusy", gate.refusedCount());
        if (agent != null) {
            health.put("downloadsFailing", agent.failing().stream().map(failing -> Map.of("segment", failing.segment().value(),
                    "generation", failing.generation(), "rounds", failing.rounds(), "reason", String.valueOf(failing.reason()),
                    "nextTry", failing.nextTry().toString())).toList());
        }
        return health;
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
            agentThread.shutdownNow();
        }
        if (heartbeat != null) heartbeat.close();
        writeLeases.close();
        clusterTasks.shutdownNow();
        app.stop();
        disconnects.close();
        queryPool.shutdownNow();
        watchdog.shutdownNow();
        logAppends.shutdown();
        try {
            queryPool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.close();
        if (audit != null) audit.close();
        if (storage != null) {
            try {
                storage.close();
            } catch (IOException e) {
                LOG.warn("closing durable storage {} failed: {}", storage.base(), e.getMessage());
            }
        }
    }

    private static String endpointName(Context ctx) {
        Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
        return endpoint == null ? "unmatched" : endpoint.method + " " + endpoint.path;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
