package trough.tools.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import trough.core.registry.Registry;
import trough.core.sqlite.SqliteConnections;
import trough.tools.config.RegistryLocation;
import trough.tools.console.ProgressLine;

/** {@code trough bench}: Trough's speed against baselines measured in the same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures Trough against single SQLite and an ideal fan-out on a generated crawl log (cached by scale and seed): "
                + "queries Q1-Q8 through a local cluster and the embedded driver, a new connection's first query (C1), ingest (W1) and planning with 100,000 segments (P1).",
                "Prints median and p95 latency, rows/s, bytes sent and ratios; --out keeps the figures as JSON, --compare compares two such files."})
public final class BenchCommand implements Callable<Integer> {
    private static final String EMBEDDED_REGISTRY = "embedded";

    @Spec
    CommandSpec spec;

    @Option(names = "--scale", defaultValue = "small", description = "small (1M rows, 32 segments), medium (10M, 128), large (50M, 512), or tiny (20k, 8: a quick check); default: ${DEFAULT-VALUE}")
    String scale;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the generated data (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--workers", defaultValue = "2", description = "workers of the local cluster (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--runs", defaultValue = "5", description = "timed runs of each query on each engine (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--warmup", defaultValue = "2", description = "untimed runs first, at least (default: ${DEFAULT-VALUE}), and at least " + WarmUp.LEAST_MILLIS / 1000
            + " s; at a measuring scale a fast query warms until " + WarmUp.JIT_RUNS + " runs or " + WarmUp.MOST_MILLIS / 1000 + " s, for the JIT")
    int warmup;

    @Option(names = "--queries", split = ",", description = "only these queries (Q1..Q8, Q4v, Q4n, C1, W1, P1)")
    List<String> only;

    @Option(names = "--cache", description = "where generated data is kept (default: ~/.cache/trough/bench)")
    Path cache;

    @Option(names = "--out", description = "write every figure to this JSON file")
    Path out;

    @Option(names = "--registry", description = "instead of the queries, benchmark this registry (rethinkdb://host:port/database, an empty "
            + "database) at --segments segments, against the embedded registry measured in the same run (R1-R9)")
    String registry;

    @Option(names = "--no-baseline", description = "with --registry: measure only the given registry, not the embedded one beside it")
    boolean noBaseline;

    @Option(names = "--segments", defaultValue = "1500000", description = "segments the registry benchmark registers (default: ${DEFAULT-VALUE})")
    int segments;

    @Option(names = "--load", description = "instead of the queries, run the load test L1: --clients clients issuing mixed queries and "
            + "writes against a 2-worker cluster for --warmup-seconds, then --seconds measured")
    boolean load;

    @Option(names = "--clients", defaultValue = "64", description = "clients of the load test (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--seconds", defaultValue = "60", description = "length of the load test, measured (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "30", description = "seconds of load before the load test measures, reported on "
            + "their own line (default: ${DEFAULT-VALUE}); --warmup counts the runs of the query benchmarks instead")
    int warmupSeconds;

    @Option(names = "--compare", arity = "2", paramLabel = "FILE", description = "compare two JSON files of earlier runs (old new) and exit")
    List<Path> compare;

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        if (compare != null) {
            BenchReport.compare(console, compare.get(0), compare.get(1));
            return 0;
        }
        if (registry != null) return registryBench(console);
        if (load) return loadBench(console);
        BenchScale chosen = scale();
        Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "trough", "bench");
        BenchData data = BenchData.prepare(cacheDir, chosen, seed, console);
        List<BenchQuery> queries = BenchQueries.of(data).stream().filter(q -> wanted(q.name())).toList();
        Path scratch = Files.createTempDirectory("trough-bench-");
        List<Figures> figures = new ArrayList<>();
        // Scratch holds every cluster's copies, logs and W1's files (gigabytes at the larger scales): never left behind.
        try {
            try (BenchCluster cluster = BenchCluster.start(data, workers, scratch)) {
                List<BenchEngine> engines = List.of(
                        new JdbcEngine(BenchReport.SINGLE, SqliteConnections.openReadOnly(data.single), BenchQuery::singleSql, null),
                        new JdbcEngine(BenchTargets.CLUSTER, DriverManager.getConnection(cluster.url()), BenchQuery::troughSql, cluster::bytesSent),
                        new JdbcEngine(BenchTargets.EMBEDDED, DriverManager.getConnection("jdbc:trough:file:" + data.segments), BenchQuery::troughSql, null),
                        new IdealFanOut(data.segments, Runtime.getRuntime().availableProcessors()));
                try {
                    console.printf("cluster: %d workers at %s; %d runs of each query after at least %d warm-up runs and %s, engines interleaved%n",
                            workers, cluster.url(), runs, warmup, WarmUp.describe(chosen.measures()));
                    ProgressLine progress = new ProgressLine(console, "queries", BenchRunner.steps(queries.size(), engines.size(), warmup, runs));
                    figures.addAll(new BenchRunner(engines, warmup, chosen.measures(), runs, progress).run(queries));
                    progress.finish(queries.size() + " queries on " + engines.size() + " engines, every answer checked");
                } finally {
                    for (BenchEngine engine : engines) engine.close();
                }
                if (wanted("C1")) {
                    BenchQuery lookup = BenchQueries.of(data).stream().filter(q -> q.name().equals("Q4")).findFirst().orElseThrow();
                    figures.add(ConnectBench.run(cluster.url(), lookup, Math.max(10, runs * 4)));
                }
                if (wanted("W1")) figures.addAll(ingest(data, scratch, console));
            }
            if (wanted("P1")) {
                console.println("planning: registering " + PlanningBench.SEGMENTS + " segments");
                figures.add(PlanningBench.run(Files.createDirectories(scratch.resolve("planning")), warmup, Math.max(10, runs * 4), chosen.measures()));
            }
        } finally {
            BenchData.deleteTree(scratch);
        }
        console.println();
        BenchReport.print(console, figures);
        console.println();
        BenchTargets.print(console, figures);
        if (out != null) {
            BenchReport.write(out, data, workers, runs, figures);
            console.println("figures written to " + out);
        }
        return 0;
    }

    private List<Figures> ingest(BenchData data, Path scratch, PrintStream console) throws Exception {
        IngestBench ingest = IngestBench.of(data, Math.min(1_000_000, data.scale.rows));
        int rounds = Math.max(2, runs / 2);
        ProgressLine progress = new ProgressLine(console, "ingest W1", 3L * rounds);
        List<Double> replicatedMillis = new ArrayList<>();
        List<Double> localMillis = new ArrayList<>();
        List<Double> directMillis = new ArrayList<>();
        String what = String.format(Locale.ROOT, "batched INSERTs of %,d rows into %d new segments", ingest.rows(), IngestBench.SEGMENTS);
        try (BenchCluster replicated = BenchCluster.forWrites(workers, scratch.resolve("w1-replicated"), "replicated");
             BenchCluster local = BenchCluster.forWrites(workers, scratch.resolve("w1-local"), "local")) {
            for (int round = 0; round < rounds; round++) {
                directMillis.add(ingest.direct(scratch.resolve("ingest")));
                progress.update(3L * round + 1);
                replicatedMillis.add(ingest.throughTrough(replicated.url()));
                progress.update(3L * round + 2);
                localMillis.add(ingest.throughTrough(local.url()));
                progress.update(3L * round + 3);
            }
        }
        progress.finish(rounds + " rounds on each");
        return List.of(new Figures("W1", what, BenchTargets.DIRECT_WRITES, directMillis, ingest.rows(), -1),
                new Figures("W1", what, BenchTargets.REPLICATED_WRITES, replicatedMillis, ingest.rows(), -1),
                new Figures("W1", what, BenchTargets.LOCAL_WRITES, localMillis, ingest.rows(), -1));
    }

    private int loadBench(PrintStream console) throws Exception {
        if (seconds < 1 || warmupSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be at least 1 and --warmup-seconds at least 0, not "
                    + seconds + " and " + warmupSeconds);
        }
        Path scratch = Files.createTempDirectory("trough-load-");
        try {
            LoadBench.Report report = LoadBench.run(clients, Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds), scratch, console);
            report.print(console);
            return report.failureCount() == 0 && report.lost() == 0 ? 0 : 1;
        } finally {
            BenchData.deleteTree(scratch);
        }
    }

    private int registryBench(PrintStream console) throws Exception {
        RegistryBench bench = new RegistryBench(segments, console);
        List<Figures> figures = new ArrayList<>();
        if (!noBaseline) {
            Path scratch = Files.createTempDirectory("trough-registry-bench-");
            try (Registry embedded = RegistryLocation.embedded(scratch)) {
                figures.addAll(bench.run(EMBEDDED_REGISTRY, embedded));
            } finally {
                BenchData.deleteTree(scratch);
            }
        }
        try (Registry measured = RegistryLocation.open(registry)) {
            String backend = RegistryLocation.backend(registry);
            figures.addAll(bench.run(backend.equals(EMBEDDED_REGISTRY) ? "given registry" : backend, measured));
        }
        figures.sort(Comparator.comparing(Figures::query));
        console.println();
        BenchReport.print(console, figures, List.of(EMBEDDED_REGISTRY));
        console.printf("%nthe registry %s keeps the benchmark's segments: drop its database (or delete its directory) to free the space%n", RegistryLocation.describe(registry));
        return 0;
    }

    private boolean wanted(String name) {
        return only == null || only.stream().anyMatch(q -> q.equalsIgnoreCase(name));
    }

    private BenchScale scale() {
        try {
            return BenchScale.valueOf(scale.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--scale is one of " + Arrays.toString(BenchScale.values()).toLowerCase(Locale.ROOT) + ", not " + scale);
        }
    }
}
