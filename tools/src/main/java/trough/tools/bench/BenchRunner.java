package trough.tools.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trough.tools.console.ProgressLine;

/**
 * Runs each query on every engine, interleaved (run 1 on each engine, then run 2 ...) so that a change in
 * the machine's state hits all engines alike, after warm-up runs that also check every engine answered
 * what the first engine (single SQLite) answered: a wrong answer stops the benchmark. Warm-up lasts at least
 * the runs asked for and {@value #WARM_UP_MILLIS} ms per query, so that a query of a millisecond is timed
 * with its code compiled by the JIT, as in a long-running client, not interpreted.
 */
final class BenchRunner {
    static final long WARM_UP_MILLIS = 3_000;
    private static final int MOST_WARM_UP_RUNS = 2_000;

    /** An engine answered differently from the reference. */
    static final class WrongAnswer extends Exception {
        WrongAnswer(String message) {
            super(message);
        }
    }

    private final List<BenchEngine> engines;
    private final int warmups;
    private final int runs;
    private final ProgressLine progress;
    private long done;

    BenchRunner(List<BenchEngine> engines, int warmups, int runs, ProgressLine progress) {
        this.engines = engines;
        this.warmups = warmups;
        this.runs = runs;
        this.progress = progress;
    }

    static long steps(int queries, int engines, int warmups, int runs) {
        return (long) queries * engines * (warmups + runs);
    }

    List<Figures> run(List<BenchQuery> queries) throws Exception {
        List<Figures> figures = new ArrayList<>();
        for (BenchQuery query : queries) {
            Map<BenchEngine, Answer> answers = new LinkedHashMap<>();
            long warmUntil = System.nanoTime() + WARM_UP_MILLIS * 1_000_000;
            for (int w = 0; w < warmups || (w < MOST_WARM_UP_RUNS && System.nanoTime() < warmUntil); w++) {
                for (BenchEngine engine : engines) {
                    answers.put(engine, engine.run(query));
                    if (w < warmups) progress.update(++done);
                }
            }
            check(query, answers);
            Map<BenchEngine, List<Double>> millis = new LinkedHashMap<>();
            Map<BenchEngine, Long> bytes = new LinkedHashMap<>();
            for (int r = 0; r < runs; r++) {
                for (BenchEngine engine : engines) {
                    long before = engine.bytesSent();
                    long started = System.nanoTime();
                    Answer answer = engine.run(query);
                    double elapsed = (System.nanoTime() - started) / 1e6;
                    millis.computeIfAbsent(engine, e -> new ArrayList<>()).add(elapsed);
                    bytes.merge(engine, before < 0 ? -1 : engine.bytesSent() - before, (a, b) -> a < 0 ? a : a + b);
                    answers.put(engine, answer);
                    progress.update(++done);
                }
            }
            check(query, answers);
            for (BenchEngine engine : engines) {
                long moved = bytes.get(engine);
                figures.add(new Figures(query.name(), query.what(), engine.name(), millis.get(engine), answers.get(engine).rows(),
                        moved < 0 ? -1 : moved / runs));
            }
        }
        return figures;
    }

    private static void check(BenchQuery query, Map<BenchEngine, Answer> answers) throws WrongAnswer {
        BenchEngine reference = answers.keySet().iterator().next();
        for (Map.Entry<BenchEngine, Answer> answer : answers.entrySet()) {
            String difference = answer.getValue().differenceFrom(answers.get(reference));
            if (difference != null) {
                throw new WrongAnswer(query.name() + " (" + query.what() + "): " + answer.getKey().name() + " answered wrong: " + difference
                        + " (" + reference.name() + " is the reference)");
            }
        }
    }
}
