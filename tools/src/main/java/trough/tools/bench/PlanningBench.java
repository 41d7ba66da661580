package trough.tools.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.tools.config.RegistryLocation;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/**
 * P1: how long the driver takes to plan a query when the cluster map holds {@value #SEGMENTS} segments and a
 * {@code _segment} predicate selects 10 of them (EXPLAIN PLAN FOR: planning only, nothing runs).
 */
final class PlanningBench {
    static final int SEGMENTS = 100_000;

    private PlanningBench() {}

    /**
     * {@code warmups}: untimed plannings first, at least; {@code untilCompiled}: whether planning warms up until the
     * JIT has compiled it ({@link WarmUp}).
     */
    static Figures run(Path scratch, int warmups, int runs, boolean untilCompiled) throws Exception {
        try (Registry registry = RegistryLocation.embedded(scratch.resolve("registry"))) {
            registry.putSchema(SchemaValidator.validate(BenchData.SCHEMA.name(), BenchData.SCHEMA.sql()));
            List<SegmentRecord> records = new ArrayList<>();
            for (int i = 0; i < SEGMENTS; i++) records.add(SegmentRecord.local(SegmentId.of(String.format("plan-%06d", i)), BenchData.SCHEMA.name(), 0));
            registry.putSegments(records);
            WorkerConfig config = WorkerConfig.defaults(Files.createDirectories(scratch.resolve("worker"))).withPort(0);
            try (WorkerServer worker = WorkerServer.start(config, registry);
                 Connection connection = DriverManager.getConnection("jdbc:trough://127.0.0.1:" + worker.port() + "/" + BenchData.SCHEMA.name());
                 Statement statement = connection.createStatement()) {
                // Warmed as the queries are: a planning of milliseconds is timed JIT-compiled.
                int run = 0;
                WarmUp warmUp = new WarmUp(warmups, untilCompiled);
                do {
                    timedExplain(statement, run++);
                } while (warmUp.more());
                List<Double> millis = new ArrayList<>();
                for (int timed = 0; timed < runs; timed++) millis.add(timedExplain(statement, run++));
                return new Figures("P1", "planning with 100,000 segments, 10 chosen by _segment", "trough cluster", millis, 0, -1);
            }
        }
    }

    /** Runs EXPLAIN of the {@code run}th query (each run chooses other segments, so its text is new); answers the milliseconds it took. */
    private static double timedExplain(Statement statement, int run) throws Exception {
        int first = (run + 7) * 997;
        String chosen = IntStream.range(0, 10).mapToObj(k -> String.format("'plan-%06d'", (first + k * 9_001) % SEGMENTS))
                .collect(Collectors.joining(", "));
        String sql = "EXPLAIN PLAN FOR SELECT host, count(*) FROM crawl_log WHERE _segment IN (" + chosen + ") GROUP BY host";
        long started = System.nanoTime();
        try (ResultSet plan = statement.executeQuery(sql)) {
            plan.next();
            if (!plan.getString(1).contains("segments=[10]")) throw new IllegalStateException("the plan does not prune to 10 segments: " + plan.getString(1));
        }
        return (System.nanoTime() - started) / 1e6;
    }
}
