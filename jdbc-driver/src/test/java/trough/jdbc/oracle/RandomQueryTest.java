package trough.jdbc.oracle;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.calcite.prepare.PlanCache;
import trough.core.sqlite.SqliteConnections;
import trough.jdbc.TroughDriver;

/**
 * The randomized differential suite: {@link RandomQueryGenerator}'s queries over t, u, tab0, tab1 and tab2
 * spread over 1, 3 and 8 segment files (file mode), each answer compared with the same query on one SQLite
 * database holding all the rows. Every query whose answer differs, or that fails in Trough where SQLite
 * answers, fails the test; the summary counts them per family of the grammar, with the first examples.
 *
 * <p>{@code -Dtrough.randomQueries=N} sets how many queries run (spread over the layouts), and
 * {@code -Dtrough.randomSeed=S} which ones.
 */
public class RandomQueryTest {
    /** Per build: the suites beside it keep the whole test run under 20 minutes on 2 cores (docs/performance.md). */
    private static final int QUERIES = Integer.getInteger("trough.randomQueries", 60_000);
    private static final long SEED = Long.getLong("trough.randomSeed", 14);
    private static final int[] SEGMENT_COUNTS = {1, 3, 8};
    private static final int PARTS_PER_LAYOUT = 2;
    /** A query still running after this counts as failed; it is cancelled, or abandoned if it does not stop. */
    private static final long QUERY_TIMEOUT_SECONDS = 20;
    private static final int ABANDONED_BEFORE_GIVING_UP = 3;
    private static final int EXAMPLES_PER_FAMILY = 2;

    @Test
    void randomQueriesAnswerAsOneSqliteDatabase(@TempDir Path dir) throws Exception {
        Tally tally = new Tally();
        ExecutorService runner = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "random-query");
            thread.setDaemon(true);
            return thread;
        });
        // Each layout's queries run as two parts, the parts side by side, one per core: a query waits on its
        // segment scans part of the time, and parts of different layouts take different times.
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService parts = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int layout = 0; layout < SEGMENT_COUNTS.length; layout++) {
                int segments = SEGMENT_COUNTS[layout];
                OracleDataSet data = OracleDataSet.create(dir.resolve(segments + "-segments"), segments, 150, SEED * 31 + segments, false);
                SmallTables.addLogicTables(data, 30, SEED * 17 + segments);
                int share = QUERIES / SEGMENT_COUNTS.length + (layout < QUERIES % SEGMENT_COUNTS.length ? 1 : 0);
                for (int part = 0; part < PARTS_PER_LAYOUT; part++) {
                    int count = share / PARTS_PER_LAYOUT + (part < share % PARTS_PER_LAYOUT ? 1 : 0);
                    RandomQueryGenerator generator = new RandomQueryGenerator(SEED * 1_000 + segments * 10 + part);
                    running.add(parts.submit(() -> {
                        run(data, generator, count, runner, tally);
                        return null;
                    }));
                }
            }
            for (Future<?> part : running) part.get();
        } finally {
            parts.shutdownNow();
            runner.shutdownNow();
        }
        tally.threads = threads;
        String summary = tally.summary();
        System.out.println(summary);
        // Most texts differ only in literals from an earlier one: their plans come from templates.
        PlanCache plans = ((TroughDriver) DriverManager.getDriver("jdbc:trough:file:" + dir)).plans();
        System.out.printf("plan cache of this JVM's driver: %,d hits, %,d misses, %,d plans kept%n", plans.getHitCount(), plans.getMissCount(), plans.getSize());
        // Queries SQLite refuses measure the generator, not Trough: they must stay rare to keep the suite's reach.
        assertTrue(tally.refused * 100 <= tally.queries, "the generator wrote more than 1% queries SQLite refuses:\n" + summary);
        assertTrue(tally.different == 0 && tally.failed == 0, summary);
    }

    private static void run(OracleDataSet data, RandomQueryGenerator generator, int count, ExecutorService runner, Tally tally) throws Exception {
        String url = "jdbc:trough:file:" + data.directory;
        Connection trough = DriverManager.getConnection(url);
        try (Connection oracle = SqliteConnections.openReadOnly(data.oracle)) {
            OracleCheck check = new OracleCheck(trough, oracle);
            for (int i = 0; i < count; i++) {
                RandomQueryGenerator.RandomQuery query = generator.next();
                long start = System.nanoTime();
                OracleCheck.Outcome outcome;
                String detail;
                OracleCheck current = check;
                Future<OracleCheck.Verdict> future = runner.submit(() -> current.check(query.sql(), query.ordered(), query.mixedKeys(), false));
                try {
                    OracleCheck.Verdict verdict = future.get(QUERY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    outcome = verdict.outcome();
                    detail = verdict.detail();
                } catch (TimeoutException e) {
                    outcome = OracleCheck.Outcome.TROUGH_FAILED;
                    detail = "still running after " + QUERY_TIMEOUT_SECONDS + " s";
                    check.cancel();
                    if (!stops(future)) {
                        // It runs on regardless: leave it to its thread and go on with a new connection.
                        tally.abandon();
                        detail += ", and cancel did not stop it";
                        trough = DriverManager.getConnection(url);
                        check = new OracleCheck(trough, oracle);
                    }
                } catch (ExecutionException e) {
                    outcome = OracleCheck.Outcome.TROUGH_FAILED;
                    detail = "the check itself failed: " + e.getCause();
                }
                tally.add(data.segments.size(), query, outcome, detail, System.nanoTime() - start);
                if (tally.gaveUp()) break;
            }
        } finally {
            closeQuietly(trough);
        }
    }

    private static boolean stops(Future<?> future) throws InterruptedException {
        try {
            future.get(5, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            future.cancel(true);
            return false;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // A connection whose statement was abandoned may refuse to close; the test is over with it.
        }
    }

    private record Timed(long nanos, String query) {}

    /** Counts per outcome and per family of the grammar, with the first examples of each. */
    private static final class Tally {
        private final Map<String, int[]> perFamily = new TreeMap<>();
        private final Map<String, List<String>> examples = new LinkedHashMap<>();
        private final Map<String, Integer> errorMessages = new TreeMap<>();
        private final List<String> refusedExamples = new ArrayList<>();
        private final java.util.TreeSet<Timed> slowest = new java.util.TreeSet<>(Comparator.comparingLong(Timed::nanos).thenComparing(Timed::query));
        int queries;
        int different;
        int failed;
        int refused;
        int abandoned;
        long nanos;
        private final long started = System.nanoTime();
        int threads;

        synchronized void abandon() {
            abandoned++;
        }

        synchronized boolean gaveUp() {
            return abandoned >= ABANDONED_BEFORE_GIVING_UP;
        }

        synchronized void add(int segments, RandomQueryGenerator.RandomQuery query, OracleCheck.Outcome outcome, String detail, long elapsed) {
            queries++;
            nanos += elapsed;
            slowest.add(new Timed(elapsed, outcome + " [" + segments + " segments] " + query.sql()));
            if (slowest.size() > 5) slowest.pollFirst();
            switch (outcome) {
                case SAME -> { }
                case DIFFERENT -> different++;
                case TROUGH_FAILED -> {
                    failed++;
                    errorMessages.merge(errorKind(detail), 1, Integer::sum);
                }
                case ORACLE_REFUSED -> {
                    refused++;
                    if (refusedExamples.size() < 10) refusedExamples.add(query.sql() + "\n      " + detail);
                }
            }
            for (String family : query.families()) {
                int[] counts = perFamily.computeIfAbsent(family, f -> new int[4]);
                counts[outcome.ordinal()]++;
                if (outcome == OracleCheck.Outcome.DIFFERENT || outcome == OracleCheck.Outcome.TROUGH_FAILED) {
                    List<String> list = examples.computeIfAbsent(family + " / " + outcome, f -> new ArrayList<>());
                    if (list.size() < EXAMPLES_PER_FAMILY) {
                        String shortDetail = String.join("\n      ", detail.lines().limit(3).toList());
                        list.add("[" + segments + " segments] " + query.sql() + "\n      " + shortDetail);
                    }
                }
            }
        }

        /** An error message without its specifics, so that errors of one kind count together. */
        private static String errorKind(String detail) {
            String first = detail.lines().findFirst().orElse("");
            String kind = first.replaceAll("'[^']*'", "'…'").replaceAll("-?\\d+(\\.\\d+)?", "N");
            return kind.length() > 140 ? kind.substring(0, 140) + "…" : kind;
        }

        synchronized String summary() {
            StringBuilder text = new StringBuilder();
            double seconds = nanos / 1e9;
            text.append(String.format("random queries (seed %d, file mode, %s segments): %d run, %d identical, %d DIFFERENT, %d failed in Trough, "
                            + "%d refused by SQLite (generator errors)%n", SEED, java.util.Arrays.toString(SEGMENT_COUNTS), queries,
                    queries - different - failed - refused, different, failed, refused));
            double wall = (System.nanoTime() - started) / 1e9;
            text.append(String.format("speed: %.1f s (%.1f s of queries on %d threads), %.1f queries/s; 100,000 queries would take %.1f min%n",
                    wall, seconds, threads, queries / wall, 100_000 / (queries / wall) / 60));
            text.append("slowest:\n");
            slowest.descendingSet().forEach(t -> text.append(String.format("  %6.1f s  %s%n", t.nanos / 1e9, t.query)));
            if (abandoned > 0) text.append(abandoned).append(" queries did not stop when cancelled; ")
                    .append(abandoned >= ABANDONED_BEFORE_GIVING_UP ? "the run stopped early\n" : "they were abandoned\n");
            text.append(String.format("%-28s %8s %8s %9s %8s%n", "family", "queries", "same", "DIFFERENT", "failed"));
            for (Map.Entry<String, int[]> entry : perFamily.entrySet()) {
                int[] c = entry.getValue();
                text.append(String.format("%-28s %8d %8d %9d %8d%n", entry.getKey(), c[0] + c[1] + c[2] + c[3], c[0], c[1], c[2]));
            }
            if (!errorMessages.isEmpty()) {
                text.append("Trough's errors, most frequent first:\n");
                errorMessages.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(20)
                        .forEach(e -> text.append(String.format("  %6d  %s%n", e.getValue(), e.getKey())));
            }
            examples.forEach((family, list) -> {
                text.append("examples of ").append(family).append(":\n");
                list.forEach(example -> text.append("  ").append(example).append('\n'));
            });
            if (!refusedExamples.isEmpty()) {
                text.append("refused by SQLite:\n");
                refusedExamples.forEach(example -> text.append("  ").append(example).append('\n'));
            }
            return text.toString();
        }
    }
}
