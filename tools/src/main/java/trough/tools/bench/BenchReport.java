package trough.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's figures: a table on the console, a JSON file to keep, and the comparison of two such files. */
final class BenchReport {
    static final String SINGLE = "single SQLite";
    static final String IDEAL = "ideal fan-out";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport() {}

    static void print(PrintStream out, List<Figures> figures) {
        print(out, figures, List.of(SINGLE, IDEAL));
    }

    /** The figures as a table with, for each baseline engine, each other engine's median as a multiple of its. */
    static void print(PrintStream out, List<Figures> figures, List<String> baselines) {
        out.printf("%-4s %-16s %11s %11s %14s %12s", "", "engine", "median ms", "p95 ms", "rows/s", "bytes");
        for (String baseline : baselines) out.printf(" %11s", "×" + baseline.split(" ")[0]);
        out.println();
        String last = null;
        for (Figures f : figures) {
            if (!f.query().equals(last)) out.printf("%s: %s%n", f.query(), f.what());
            last = f.query();
            out.printf(Locale.ROOT, "%-4s %-16s %11.2f %11.2f %,14.0f %12s", "", f.engine(), f.median(), f.p95(), f.rowsPerSecond(),
                    f.bytes() < 0 ? "" : String.format(Locale.ROOT, "%,d", f.bytes()));
            for (String baseline : baselines) out.printf(" %11s", ratio(f, figures, baseline));
            out.println();
        }
    }

    /** This engine's median over {@code baseline}'s for the same query, or blank. */
    private static String ratio(Figures f, List<Figures> all, String baseline) {
        if (f.engine().equals(baseline)) return "";
        for (Figures other : all) {
            if (other.query().equals(f.query()) && other.engine().equals(baseline)) return String.format(Locale.ROOT, "%.2f", f.median() / other.median());
        }
        return "";
    }

    static void write(Path file, BenchData data, int workers, int runs, List<Figures> figures) throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        machine.put("physicalMemoryBytes", physicalMemory());
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        report.put("machine", machine);
        report.put("scale", data.scale.name().toLowerCase(Locale.ROOT));
        report.put("rows", data.scale.rows);
        report.put("segments", data.scale.segments);
        report.put("seed", data.seed);
        report.put("workers", workers);
        report.put("runs", runs);
        List<Map<String, Object>> results = new ArrayList<>();
        for (Figures f : figures) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("query", f.query());
            result.put("what", f.what());
            result.put("engine", f.engine());
            result.put("medianMs", f.median());
            result.put("p95Ms", f.p95());
            result.put("rows", f.rows());
            result.put("rowsPerSecond", f.rowsPerSecond());
            result.put("bytes", f.bytes());
            result.put("millis", f.millis());
            results.add(result);
        }
        report.put("results", results);
        JSON.writeValue(file.toFile(), report);
    }

    /** Prints, per query and engine, the new median over the old one. */
    static void compare(PrintStream out, Path older, Path newer) throws IOException {
        Map<String, Double> before = medians(JSON.readTree(older.toFile()));
        Map<String, Double> after = medians(JSON.readTree(newer.toFile()));
        out.printf("%-40s %12s %12s %8s%n", "query / engine", "old ms", "new ms", "new/old");
        after.forEach((key, median) -> {
            Double old = before.get(key);
            out.printf(Locale.ROOT, "%-40s %12s %12.2f %8s%n", key, old == null ? "-" : String.format(Locale.ROOT, "%.2f", old), median,
                    old == null ? "-" : String.format(Locale.ROOT, "%.2f", median / old));
        });
    }

    private static Map<String, Double> medians(JsonNode report) {
        Map<String, Double> medians = new LinkedHashMap<>();
        for (JsonNode result : report.path("results")) {
            medians.put(result.path("query").asText() + " / " + result.path("engine").asText(), result.path("medianMs").asDouble());
        }
        return medians;
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) return os.getTotalMemorySize();
        return -1;
    }
}
