package trough.tools.bench;

import java.util.ArrayList;
import java.util.List;

/** One engine's timings of one query (or of the ingest, or of planning), and what they moved. */
record Figures(String query, String what, String engine, List<Double> millis, long rows, long bytes) {
    double median() {
        return percentile(50);
    }

    double p95() {
        return percentile(95);
    }

    double rowsPerSecond() {
        return rows / Math.max(1e-9, median() / 1000);
    }

    private double percentile(int p) {
        return percentile(millis, p);
    }

    /** The value below which {@code p} percent of {@code values} fall (nearest rank); NaN when there are none. */
    static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        if (sorted.isEmpty()) return Double.NaN;
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
