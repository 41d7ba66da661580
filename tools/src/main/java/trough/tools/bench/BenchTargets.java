package trough.tools.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The performance targets of the benchmark's issue, checked against the figures of a run (small scale, 2 cores). */
final class BenchTargets {
    static final String CLUSTER = "trough cluster";
    static final String EMBEDDED = "trough embedded";
    static final String DIRECT_WRITES = "sqlite-jdbc direct";
    static final String REPLICATED_WRITES = "trough cluster, replicated writes";
    static final String LOCAL_WRITES = "trough cluster, local writes";

    private BenchTargets() {}

    static void print(PrintStream out, List<Figures> figures) {
        out.println("targets (small scale, 2 cores):");
        for (String query : List.of("Q1", "Q2", "Q5")) {
            ratio(out, figures, query, CLUSTER, BenchReport.SINGLE, 0.7, "through the cluster at most 0.7× single SQLite");
            ratio(out, figures, query, CLUSTER, BenchReport.IDEAL, 1.3, "through the cluster at most 1.3× the ideal fan-out");
        }
        find(figures, "Q4", CLUSTER).ifPresent(f -> line(out, "Q4", "through the cluster under 2 ms, its text repeating", f.median(), f.median() < 2));
        find(figures, "Q4v", CLUSTER).ifPresent(f -> line(out, "Q4v", "through the cluster under 8 ms, a text never seen (new url)", f.median(), f.median() < 8));
        find(figures, "Q4n", CLUSTER).ifPresent(f -> line(out, "Q4n", "through the cluster under 8 ms, a text never seen (new comment)", f.median(), f.median() < 8));
        ratio(out, figures, "Q4", EMBEDDED, BenchReport.SINGLE, 1.3, "embedded at most 1.3× single SQLite");
        Optional<Figures> scan = find(figures, "Q6", CLUSTER);
        Optional<Figures> single = find(figures, "Q6", BenchReport.SINGLE);
        if (scan.isPresent() && single.isPresent()) {
            double share = scan.get().rowsPerSecond() / single.get().rowsPerSecond();
            line(out, "Q6", "rows/s through the cluster at least 0.5× single SQLite", share, share >= 0.5);
        }
        Optional<Figures> ingest = find(figures, "W1", REPLICATED_WRITES);
        Optional<Figures> direct = find(figures, "W1", DIRECT_WRITES);
        if (ingest.isPresent() && direct.isPresent()) {
            double share = ingest.get().rowsPerSecond() / direct.get().rowsPerSecond();
            line(out, "W1", "rows/s through the cluster with replicated writes at least 0.5× sqlite-jdbc direct", share, share >= 0.5);
        }
        find(figures, "Q7", CLUSTER).ifPresent(f -> line(out, "Q7", "through the cluster under 5 ms", f.median(), f.median() < 5));
        for (String query : List.of("Q3", "Q8")) {
            ratio(out, figures, query, CLUSTER, BenchReport.IDEAL, 1.5, "through the cluster at most 1.5× the ideal fan-out");
        }
        find(figures, "C1", CLUSTER).ifPresent(f -> line(out, "C1", "a new connection's first query under 300 ms", f.median(), f.median() < 300));
        find(figures, "P1", CLUSTER).ifPresent(f -> line(out, "P1", "planning under 10 ms", f.median(), f.median() < 10));
    }

    private static void ratio(PrintStream out, List<Figures> figures, String query, String engine, String baseline, double most, String target) {
        Optional<Figures> f = find(figures, query, engine);
        Optional<Figures> base = find(figures, query, baseline);
        if (f.isEmpty() || base.isEmpty()) return;
        double ratio = f.get().median() / base.get().median();
        line(out, query, target, ratio, ratio <= most);
    }

    private static void line(PrintStream out, String query, String target, double value, boolean met) {
        out.printf(Locale.ROOT, "  %-4s %-58s %8.2f  %s%n", query, target, value, met ? "met" : "MISSED");
    }

    private static Optional<Figures> find(List<Figures> figures, String query, String engine) {
        return figures.stream().filter(f -> f.query().equals(query) && f.engine().equals(engine)).findFirst();
    }
}
