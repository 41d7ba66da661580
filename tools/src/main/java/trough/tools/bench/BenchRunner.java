package trough.tools.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trough.tools.console.ProgressLine;

/**
 * Runs each query on every engine, interleaved (run 1 on each engine, then run 2 ...) so that a change in
 * the machine's state hits all engines alike, after warm-up runs that also check every engine answered
 * what the first engine (single SQLite) answered: a wrong answer stops the benchmark. Warm-up lasts until
 * the JIT has compiled a fast query's path ({@link WarmUp}), so that a query of a millisecond is timed as in a
 * long-running client, not interpreted.
 */
final class BenchRunner {
    /** An engine answered differently from the reference. */
    static final class WrongAnswer extends Exception {
        WrongAnswer(String message) {
            super(message);
        }
    }

    private final List<BenchEngine> engines;
    private final int warmups;
    private final boolean untilCompiled;
    private final int runs;
    private final ProgressLine progress;
    private long done;

    /** {@code untilCompiled}: whether fast queries warm up until the JIT has compiled their path ({@link WarmUp}). */
    BenchRunner(List<BenchEngine> engines, int warmups, boolean untilCompiled, int runs, ProgressLine progress) {
        this.engines = engines;
        this.warmups = warmups;
        this.untilCompiled = untilCompiled;
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
            WarmUp warmUp = new WarmUp(warmups, untilCompiled);
            do {
                for (BenchEngine engine : engines) {
                    answers.put(engine, engine.run(query));
                    if (warmUp.runs() < warmups) progress.update(++done);
                }
                if (warmUp.runs() + 1 >= warmups) {
                    // The count above has only the runs asked for: say where the rest of the warm-up is.
                    progress.note(query.name() + " warming up, run " + (warmUp.runs() + 1));
                    progress.update(done);
                }
            } while (warmUp.more());
            progress.note("");
            check(query, answers);
            Map<BenchEngine, List<Double>> millis = new LinkedHashMap<>();
            // Bytes are counted around all the timed runs, not each: reading a worker's counters between runs is
            // work on the worker (an HTTP request, its metrics written out) that the next run would pay for.
            // Only the cluster's runs reach the workers, so the other engines' runs in between add nothing; a worker
            // counts a response's bytes once it is sent, so the last cluster run must not be the round's last step.
            Map<BenchEngine, Long> sentBefore = new LinkedHashMap<>();
            for (BenchEngine engine : engines) sentBefore.put(engine, engine.bytesSent());
            for (int r = 0; r < runs; r++) {
                for (BenchEngine engine : engines) {
                    long started = System.nanoTime();
                    Answer answer = engine.run(query);
                    double elapsed = (System.nanoTime() - started) / 1e6;
                    millis.computeIfAbsent(engine, e -> new ArrayList<>()).add(elapsed);
                    answers.put(engine, answer);
                    progress.update(++done);
                }
            }
            check(query, answers);
            for (BenchEngine engine : engines) {
                long before = sentBefore.get(engine);
                long after = engine.bytesSent();
                long moved = before < 0 || after < 0 ? -1 : after - before;
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
