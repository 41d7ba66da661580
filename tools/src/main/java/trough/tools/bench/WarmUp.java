package trough.tools.bench;

/**
 * How long a query warms up before it is timed: long enough for the JIT to have compiled its path, as in a
 * client or a worker that has run for a while. A millisecond query's path through the cluster (the driver,
 * Calcite's runtime, OkHttp, Jetty, Jackson, sqlite-jdbc) needs thousands of runs for that on 2 cores: run
 * alone in a loop, the point lookup's median went 6.5, 4.3, 4.3, 3.2, 2.0, 1.6 ms over its first 3,000 runs,
 * and stayed at 1.3-1.6 ms after. Its times plateau on the way, so they are no sign of the end.
 *
 * <p>Warm-up lasts at least the runs asked for and {@value #LEAST_MILLIS} ms; then, when the figures are
 * measurements (not a quick check), for a query fast enough that a run of it on every engine was done at least
 * {@value #FAST_RUNS_PER_SECOND} times a second so far, until {@value #JIT_RUNS} such runs, or for
 * {@value #MOST_MILLIS} ms in all. A slower query spends its time in SQLite, not in code being compiled.
 */
final class WarmUp {
    static final long LEAST_MILLIS = 3_000;
    static final long MOST_MILLIS = 30_000;
    static final int JIT_RUNS = 3_000;
    static final int FAST_RUNS_PER_SECOND = 20;

    private final int leastRuns;
    private final boolean untilCompiled;
    private final long started = System.nanoTime();
    private int runs;

    /**
     * @param leastRuns     warm-up runs asked for, done whatever else this says
     * @param untilCompiled whether a fast query goes on warming for the JIT; without, only the least is done
     */
    WarmUp(int leastRuns, boolean untilCompiled) {
        this.leastRuns = leastRuns;
        this.untilCompiled = untilCompiled;
    }

    /** What a run of the benchmark says of its warm-up. */
    static String describe(boolean untilCompiled) {
        return String.format("%d s", LEAST_MILLIS / 1000) + (untilCompiled
                ? String.format(" (a fast query: until %,d runs or %d s, for the JIT)", JIT_RUNS, MOST_MILLIS / 1000) : "");
    }

    /** Warm-up runs done so far. */
    int runs() {
        return runs;
    }

    /** Called after each warm-up run (of every engine): whether to run again. */
    boolean more() {
        runs++;
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        if (runs < leastRuns || elapsedMillis < LEAST_MILLIS) return true;
        if (!untilCompiled) return false;
        boolean fast = runs * 1000L >= FAST_RUNS_PER_SECOND * elapsedMillis;
        return fast && runs < JIT_RUNS && elapsedMillis < MOST_MILLIS;
    }
}
