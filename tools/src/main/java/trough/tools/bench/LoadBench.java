package trough.tools.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * the JDBC driver and writes over HTTP, for a fixed time. Busy answers (503) are retried by the clients; any
 * other failure counts. At the end every acknowledged write must be in its segment. Prints throughput,
 * latencies, refusals and the peak heap of this JVM (workers and clients together).
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

    /** What a run did; {@code lost} counts acknowledged writes missing afterwards. */
    record Report(int clients, Duration duration, long queries, long writes, List<Double> queryMillis, List<Double> writeMillis,
                  List<String> failures, long failureCount, long refusedBusy, long lost, long peakHeapBytes, long heapAfterBytes) {
        void print(PrintStream out) {
            double seconds = duration.toMillis() / 1000.0;
            out.printf(Locale.ROOT, "L1: %d clients for %.0f s against 2 workers (each: %d running, %d waiting): %,d queries and %,d writes, "
                    + "%.0f requests/s%n", clients, seconds, ADMISSION.maxRunning(), ADMISSION.queueLength(), queries, writes, (queries + writes) / seconds);
            out.printf(Locale.ROOT, "    queries: p50 %.1f ms, p99 %.1f ms; writes: p50 %.1f ms, p99 %.1f ms%n",
                    Figures.percentile(queryMillis, 50), Figures.percentile(queryMillis, 99), Figures.percentile(writeMillis, 50),
                    Figures.percentile(writeMillis, 99));
            out.printf(Locale.ROOT, "    503 busy answers, each retried by its client: %,d; failed requests: %d; acknowledged writes lost: %d%n",
                    refusedBusy, failureCount, lost);
            out.printf(Locale.ROOT, "    heap of this JVM (2 workers and %d clients): peak %,d MiB, %,d MiB after the run%n",
                    clients, peakHeapBytes >> 20, heapAfterBytes >> 20);
            for (String failure : failures) out.println("    failure: " + failure);
        }
    }

    private LoadBench() {}

    static Report run(int clients, Duration duration, Path scratch, PrintStream console) throws Exception {
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
                return drive(clients, duration, url, http, writers, workers, console);
            } finally {
                workers.forEach(WorkerServer::close);
            }
        }
    }

    private static Report drive(int clients, Duration duration, String url, OkHttpClient http, List<WorkerClient> writers, List<WorkerServer> workers,
                                PrintStream console) throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        AtomicLong peakHeap = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max), 0, 100, TimeUnit.MILLISECONDS);
        AtomicLongArray acknowledged = new AtomicLongArray(SEGMENTS);
        ConcurrentLinkedQueue<Double> queryMillis = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Double> writeMillis = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong failureCount = new AtomicLong();
        long deadline = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        console.printf("L1: %d clients for %d s, 70%% queries through the JDBC driver and 30%% writes%n", clients, duration.toSeconds());
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                Random random = new Random(client);
                try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                    for (long seq = 0; System.nanoTime() < deadline; seq++) {
                        long started = System.nanoTime();
                        try {
                            if (random.nextInt(10) < 7) {
                                try (ResultSet rows = statement.executeQuery(QUERIES.get(random.nextInt(QUERIES.size())))) {
                                    while (rows.next()) rows.getObject(1);
                                }
                                queryMillis.add((System.nanoTime() - started) / 1e6);
                            } else {
                                int s = random.nextInt(SEGMENTS);
                                writers.get(s).write(segment(s), String.format(Locale.ROOT, "INSERT INTO events VALUES (%d, %d, %f, 'w')",
                                        client, seq, random.nextDouble()));
                                acknowledged.incrementAndGet(s);
                                writeMillis.add((System.nanoTime() - started) / 1e6);
                            }
                        } catch (Exception e) {
                            if (failureCount.incrementAndGet() <= 5) failures.add("client " + client + ": " + e.getMessage());
                        }
                    }
                } catch (Exception e) {
                    failureCount.incrementAndGet();
                    failures.add("client " + client + " could not connect: " + e.getMessage());
                } finally {
                    done.countDown();
                }
            }, "load-client-" + c);
            thread.start();
        }
        done.await();
        sampler.shutdownNow();
        long lost = 0;
        for (int s = 0; s < SEGMENTS; s++) {
            long stored = count(writers.get(s), segment(s));
            if (stored < acknowledged.get(s)) lost += acknowledged.get(s) - stored;
        }
        long refused = 0;
        for (WorkerServer worker : workers) refused += ((Number) WorkerClient.sharing(http, worker.url()).health()
                .get("requestsRefusedBusy")).longValue();
        System.gc();
        return new Report(clients, duration, queryMillis.size(), writeMillis.size(), List.copyOf(queryMillis), List.copyOf(writeMillis),
                List.copyOf(failures), failureCount.get(), refused, lost, peakHeap.get(), memory.getHeapMemoryUsage().getUsed());
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
