package trough.tools.bench;

/** How much data the benchmark generates. */
enum BenchScale {
    /** A quick check that everything runs and agrees, not a measurement. */
    TINY(20_000, 8),
    SMALL(1_000_000, 32), MEDIUM(10_000_000, 128), LARGE(50_000_000, 512);

    final int rows;
    final int segments;

    BenchScale(int rows, int segments) {
        this.rows = rows;
        this.segments = segments;
    }

    /** Whether its figures are measurements, worth warming the JIT for ({@link WarmUp}); tiny's are not. */
    boolean measures() {
        return this != TINY;
    }
}
