package trough.tools.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import okhttp3.OkHttpClient;
import trough.core.api.QueryRequest;
import trough.core.client.WorkerClient;
import trough.core.registry.Registry;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.jdbc.ClusterHttp;
import trough.jdbc.TroughUrl;
import trough.tools.config.RegistryLocation;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;
import trough.worker.admission.AdmissionSettings;
import trough.worker.security.SecuritySettings;
import trough.worker.security.TokenFile;

/**
 * L1: many clients at once against a 2-worker cluster on loopback, with tokens checked: mixed queries through
 * the JDBC driver and writes over HTTP, for a warm-up and then a measured time. Busy answers (503) are retried
 * by the clients; any other failure counts. At the end every acknowledged write must be in its segment. Prints
 * throughput, latencies and refusals of each phase, and the peak heap of this JVM (workers and clients together).
 */
final class LoadBench {
    private static final int SEGMENTS = 8;
    private static final int PREFILLED_ROWS = 5_000;
    private static final String TOKEN = "load-bench-writer";
    /** A short queue, so that the clients outnumber what the workers take and busy answers are part of the test. */
    private static final AdmissionSettings ADMISSION = AdmissionSettings.defaults().withConcurrency(
            AdmissionSettings.defaults().maxRunning(), 2, Duration.ofSeconds(2));
    private static final SchemaDefinition SCHEMA = new SchemaDefinition("events",
            "CREATE TABLE events (client INTEGER, seq INTEGER, v REAL, tag TEXT)");
    private static final List<String> QUERIES = List.of(
            "SELECT count(*), sum(v) FROM events",
            "SELECT tag, count(*), avg(v) FROM events GROUP BY tag ORDER BY 2 DESC",
            "SELECT client, max(seq) FROM events WHERE _segment = 'load-3' GROUP BY client ORDER BY client LIMIT 10");

    /**
     * What the clients saw in one phase of a run: the latencies of the requests that started in it, and the busy
     * answers the workers gave meanwhile.
     */
    record Phase(Duration duration, List<Double> queryMillis, List<Double> writeMillis, long refusedBusy) {
        long queries() {
            return queryMillis.size();
        }

        long writes() {
            return writeMillis.size();
        }

        double requestsPerSecond() {
            return (queries() + writes()) / Math.max(1e-3, duration.toMillis() / 1000.0);
        }
    }

    /**
     * What a run did. The targets speak of {@code measured}; {@code warmUp} is shown beside it. Failures and
     * losses count over the whole run; {@code lost} counts acknowledged writes missing afterwards.
     */
    record Report(int clients, Phase warmUp, Phase measured, List<String> failures, long failureCount, long lost, long peakHeapBytes,
                  long heapAfterBytes) {
        void print(PrintStream out) {
            out.printf(Locale.ROOT, "L1: %d clients against 2 workers (each: %d running, %d waiting)%n", clients, ADMISSION.maxRunning(),
                    ADMISSION.queueLength());
            if (!warmUp.duration().isZero()) {
                out.printf(Locale.ROOT, "    warm-up, %d s, not counted: %,d queries and %,d writes, %.0f requests/s; queries: p50 %.1f ms, "
                                + "p99 %.1f ms; writes: p50 %.1f ms; 503 busy answers: %,d%n", warmUp.duration().toSeconds(), warmUp.queries(),
                        warmUp.writes(), warmUp.requestsPerSecond(), Figures.percentile(warmUp.queryMillis(), 50),
                        Figures.percentile(warmUp.queryMillis(), 99), Figures.percentile(warmUp.writeMillis(), 50), warmUp.refusedBusy());
            }
            out.printf(Locale.ROOT, "    measured, %d s: %,d queries and %,d writes, %.0f requests/s%n", measured.duration().toSeconds(),
                    measured.queries(), measured.writes(), measured.requestsPerSecond());
            out.printf(Locale.ROOT, "    queries: p50 %.1f ms, p99 %.1f ms; writes: p50 %.1f ms, p99 %.1f ms%n",
                    Figures.percentile(measured.queryMillis(), 50), Figures.percentile(measured.queryMillis(), 99),
                    Figures.percentile(measured.writeMillis(), 50), Figures.percentile(measured.writeMillis(), 99));
            out.printf(Locale.ROOT, "    503 busy answers, each retried by its client: %,d; in the whole run, failed requests: %d, "
                    + "acknowledged writes lost: %d%n", measured.refusedBusy(), failureCount, lost);
            out.printf(Locale.ROOT, "    heap of this JVM (2 workers and %d clients): peak %,d MiB, %,d MiB after the run%n",
                    clients, peakHeapBytes >> 20, heapAfterBytes >> 20);
            for (String failure : failures) out.println("    failure: " + failure);
        }
    }

    /** The latencies of one phase, as the clients add them. */
    private record Samples(ConcurrentLinkedQueue<Double> queryMillis, ConcurrentLinkedQueue<Double> writeMillis) {
        Samples() {
            this(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
        }

        Phase phase(Duration duration, long refusedBusy) {
            return new Phase(duration, List.copyOf(queryMillis), List.copyOf(writeMillis), refusedBusy);
        }
    }

    private LoadBench() {}

    /**
     * Runs the load for {@code warmUp}, then measures it for {@code duration}. The warm-up gives the JIT time to
     * compile the workers' and the driver's hot paths first: on 2 cores shared by 64 clients and 2 workers, the
     * compilers get little of the CPU, and the load takes over a minute to reach its steady speed, so the cold
     * start is measured apart (docs/performance.md, "Load (L1)").
     */
    static Report run(int clients, Duration warmUp, Duration duration, Path scratch, PrintStream console) throws Exception {
        Path tokens = Files.writeString(Files.createDirectories(scratch).resolve("tokens"), "load-bench write " + TokenFile.hash(TOKEN) + "\n");
        try (Registry registry = RegistryLocation.embedded(scratch.resolve("registry"))) {
            List<WorkerServer> workers = new ArrayList<>();
            try {
                for (int w = 0; w < 2; w++) {
                    WorkerConfig config = WorkerConfig.defaults(Files.createDirectories(scratch.resolve("worker-" + w))).withPort(0)
                            .withSecurity(SecuritySettings.none().withTokens(tokens))
                            .withAdmission(ADMISSION);
                    workers.add(WorkerServer.start(config.withMembership(config.membership().withWorkerId("load-" + w)), registry));
                }
                registry.putSchema(SCHEMA);
                // The clients reach the workers as users do: the token in the URL, busy answers retried.
                String url = "jdbc:trough://" + String.join(",", workers.stream().map(w -> w.url().substring("http://".length())).toList())
                        + "/" + SCHEMA.name() + "?token=" + TOKEN;
                OkHttpClient http = ClusterHttp.of(WorkerClient.defaultHttpClient(), TroughUrl.parse(url, new Properties())).client();
                List<WorkerClient> writers = new ArrayList<>();
                for (int s = 0; s < SEGMENTS; s++) {
                    WorkerClient writer = WorkerClient.sharing(http, workers.get(s % 2).url());
                    writer.provision(segment(s), SCHEMA.name());
                    writer.write(segment(s), "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < " + PREFILLED_ROWS + ") "
                            + "INSERT INTO events SELECT -1, x, x * 0.5, 'tag-' || (x % 7) FROM c");
                    writers.add(writer);
                }
                return drive(clients, warmUp, duration, url, http, writers, workers, console);
            } finally {
                workers.forEach(WorkerServer::close);
            }
        }
    }

    private static Report drive(int clients, Duration warmUp, Duration duration, String url, OkHttpClient http, List<WorkerClient> writers,
                                List<WorkerServer> workers, PrintStream console) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        List<Connection> connections = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Clients load = new Clients(writers);
        try {
            sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max),
                    0, 100, TimeUnit.MILLISECONDS);
            console.printf("L1: %d clients, 70%% queries through the JDBC driver and 30%% writes: %d s of warm-up, then %d s measured%n",
                    clients, warmUp.toSeconds(), duration.toSeconds());
            // Connected first, so that both phases have every client running from their first second.
            for (int c = 0; c < clients; c++) connections.add(connect(c, url));
            long measuredFrom = load.startClock(warmUp, duration);
            // The workers keep only a running total, so the busy answers are split by when they were given.
            ScheduledFuture<Long> refusedWhileWarming = sampler.schedule(() -> {
                if (!warmUp.isZero()) console.printf("L1: warmed up; measuring for %d s%n", duration.toSeconds());
                return refusedBusy(http, workers);
            }, measuredFrom - System.nanoTime(), TimeUnit.NANOSECONDS);
            for (int c = 0; c < clients; c++) {
                int client = c;
                Thread thread = new Thread(() -> load.loop(client, connections.get(client)), "load-client-" + c);
                thread.setUncaughtExceptionHandler((t, e) -> load.failed("client " + client + " stopped", e));
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) thread.join();
            long refusedBeforeMeasuring = refusedWhileWarming.get();
            long lost = 0;
            for (int s = 0; s < SEGMENTS; s++) {
                long stored = count(writers.get(s), segment(s));
                if (stored < load.acknowledged.get(s)) lost += load.acknowledged.get(s) - stored;
            }
            long refused = refusedBusy(http, workers);
            System.gc();
            return new Report(clients, load.warmUpSamples.phase(warmUp, refusedBeforeMeasuring),
                    load.measuredSamples.phase(duration, refused - refusedBeforeMeasuring), List.copyOf(load.failures), load.failureCount.get(),
                    lost, peakHeap.get(), memory.getHeapMemoryUsage().getUsed());
        } finally {
            // A run that failed half-way must not leave clients writing to workers that are closing.
            load.stop();
            for (Thread thread : threads) thread.join();
            sampler.shutdownNow();
            closeAll(connections);
        }
    }

    private static Connection connect(int client, String url) throws SQLException {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new SQLException("L1: client " + client + " could not connect: " + e.getMessage(), e);
        }
    }

    private static void closeAll(List<Connection> connections) throws SQLException {
        SQLException failed = null;
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException e) {
                if (failed == null) failed = e;
                else failed.addSuppressed(e);
            }
        }
        if (failed != null) throw failed;
    }

    /** The clients' shared clock, and what they count: acknowledged writes per segment, latencies, failures. */
    private static final class Clients {
        // Set before the clients' threads start, which publishes them.
        private long measuredFrom;
        private long deadline;
        private final List<WorkerClient> writers;
        private final AtomicLongArray acknowledged = new AtomicLongArray(SEGMENTS);
        private final Samples warmUpSamples = new Samples();
        private final Samples measuredSamples = new Samples();
        private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final AtomicLong failureCount = new AtomicLong();
        private volatile boolean stopped;

        Clients(List<WorkerClient> writers) {
            this.writers = writers;
        }

        /** Starts the clock now; returns when the measured time begins, in {@link System#nanoTime()}. */
        long startClock(Duration warmUp, Duration duration) {
            measuredFrom = System.nanoTime() + warmUp.toNanos();
            deadline = measuredFrom + duration.toNanos();
            return measuredFrom;
        }

        /** One client until the deadline: a query (70%) through its JDBC connection, or a one-row write over HTTP. */
        void loop(int client, Connection connection) {
            Random random = new Random(client);
            try (Statement statement = connection.createStatement()) {
                for (long seq = 0; !stopped && System.nanoTime() < deadline; seq++) {
                    long started = System.nanoTime();
                    Samples samples = started < measuredFrom ? warmUpSamples : measuredSamples;
                    try {
                        if (random.nextInt(10) < 7) {
                            try (ResultSet rows = statement.executeQuery(QUERIES.get(random.nextInt(QUERIES.size())))) {
                                while (rows.next()) rows.getObject(1);
                            }
                            samples.queryMillis().add((System.nanoTime() - started) / 1e6);
                        } else {
                            int s = random.nextInt(SEGMENTS);
                            writers.get(s).write(segment(s), String.format(Locale.ROOT, "INSERT INTO events VALUES (%d, %d, %f, 'w')",
                                    client, seq, random.nextDouble()));
                            acknowledged.incrementAndGet(s);
                            samples.writeMillis().add((System.nanoTime() - started) / 1e6);
                        }
                    } catch (Exception e) {
                        failed("client " + client, e);
                    }
                }
            } catch (SQLException e) {
                failed("client " + client + "'s statement", e);
            }
        }

        /** Counts a failure; the first five are kept to be shown. */
        void failed(String who, Throwable e) {
            if (failureCount.incrementAndGet() <= 5) failures.add(who + ": " + e);
        }

        void stop() {
            stopped = true;
        }
    }

    /** The busy answers the workers have given so far, as their health reports them. */
    private static long refusedBusy(OkHttpClient http, List<WorkerServer> workers) throws Exception {
        long refused = 0;
        for (WorkerServer worker : workers) refused += ((Number) WorkerClient.sharing(http, worker.url()).health()
                .get("requestsRefusedBusy")).longValue();
        return refused;
    }

    private static long count(WorkerClient writer, SegmentId segment) throws Exception {
        try (var response = writer.query(QueryRequest.of("SELECT count(*) FROM events WHERE tag = 'w'", List.of(segment)))) {
            return ((Number) response.next()[0]).longValue();
        }
    }

    private static SegmentId segment(int s) {
        return SegmentId.of("load-" + s);
    }

}
