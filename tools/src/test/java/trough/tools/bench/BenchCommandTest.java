package trough.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import trough.tools.TroughCommand;

/** The benchmark runs end to end on tiny data, checks every engine's answers, and keeps and compares its figures. No timing is asserted. */
class BenchCommandTest {
    @Test
    void everyQueryRunsOnEveryEngineWithTheSameAnswerAndTheFiguresAreKept(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first.json");
        String output = run("bench", "--scale", "tiny", "--runs", "1", "--warmup", "1", "--cache", dir.resolve("cache").toString(),
                "--out", first.toString());
        assertTrue(output.contains("every answer checked"), output);
        assertTrue(output.contains("targets (small scale, 2 cores):"), output);
        JsonNode report = new ObjectMapper().readTree(first.toFile());
        assertEquals("tiny", report.path("scale").asText());
        assertTrue(report.path("machine").path("cores").asInt() > 0);
        Set<String> seen = new HashSet<>();
        for (JsonNode result : report.path("results")) seen.add(result.path("query").asText() + "/" + result.path("engine").asText());
        for (String query : List.of("Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8")) {
            for (String engine : List.of(BenchReport.SINGLE, BenchTargets.CLUSTER, BenchTargets.EMBEDDED, BenchReport.IDEAL)) {
                assertTrue(seen.contains(query + "/" + engine), query + " on " + engine + " missing from " + seen);
            }
        }
        assertTrue(seen.containsAll(List.of("W1/" + BenchTargets.REPLICATED_WRITES, "W1/" + BenchTargets.LOCAL_WRITES, "W1/" + BenchTargets.DIRECT_WRITES,
                "P1/" + BenchTargets.CLUSTER)), seen.toString());

        String again = run("bench", "--scale", "tiny", "--runs", "1", "--warmup", "1", "--queries", "Q1,Q4", "--cache", dir.resolve("cache").toString(),
                "--out", dir.resolve("second.json").toString());
        assertTrue(again.contains("data: tiny scale, seed 42, from"), "generated data is found in the cache: " + again);
        String compared = run("bench", "--compare", first.toString(), dir.resolve("second.json").toString());
        assertTrue(compared.matches("(?s).*Q1 / trough cluster\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+.*"), compared);
    }

    @Test
    void aLoadTestWithoutAMeasuredTimeIsRefusedBeforeAnythingStarts() {
        StringWriter errors = new StringWriter();
        CommandLine command = TroughCommand.commandLine().setErr(new PrintWriter(errors));
        assertEquals(2, command.execute("bench", "--load", "--seconds", "0"));
        assertTrue(errors.toString().contains("--seconds must be at least 1 and --warmup-seconds at least 0, not 0 and 30"), errors.toString());
        assertEquals(2, command.execute("bench", "--load", "--warmup-seconds", "-1"));
        assertTrue(errors.toString().contains("not 60 and -1"), errors.toString());
    }

    @Test
    void answersDifferWhenARowOrTheCountDiffers() {
        Answer.Builder one = new Answer.Builder(false, false);
        one.add(new Object[] {"a", 1L});
        one.add(new Object[] {"b", 2.0});
        Answer.Builder same = new Answer.Builder(false, false);
        same.add(new Object[] {"b", 2});
        same.add(new Object[] {"a", 1});
        assertNull(same.build().differenceFrom(one.build()), "order and number types do not matter for an unordered answer");
        Answer.Builder other = new Answer.Builder(false, false);
        other.add(new Object[] {"a", 1L});
        other.add(new Object[] {"b", 3L});
        assertEquals("row 2 is 'b|3' instead of 'b|2'", other.build().differenceFrom(one.build()));
        Answer.Builder digest = new Answer.Builder(false, true);
        digest.add(new Object[] {"a", 1L});
        Answer.Builder changed = new Answer.Builder(false, true);
        changed.add(new Object[] {"a", 2L});
        assertEquals("the rows differ (digest)", changed.build().differenceFrom(digest.build()));
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            assertEquals(0, TroughCommand.commandLine().execute(args), captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
