package trough.tools.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import trough.core.sqlite.SqliteConnections;
import trough.tools.TroughCommand;

class LocalCommandTest {
    private static final Pattern TABLE_ROW = Pattern.compile("^(crawl-job-\\d+)\\s+([\\d,]+)\\s+([\\d,]+)\\s+([\\d,]+)$", Pattern.MULTILINE);

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            int exit = new CommandLine(new TroughCommand()).execute(args);
            assertEquals(0, exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void localWithSampleCreatesSixteenSegmentsAndAnswersTheSampleQuery(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        String output = run("local", "--sample", "--sample-rows", "20000", "--exit", "--port", "0", "--data", data.toString());

        Matcher rows = TABLE_ROW.matcher(output);
        int segments = 0;
        long fetches = 0;
        while (rows.find()) {
            segments++;
            long answered = Long.parseLong(rows.group(2).replace(",", ""));
            assertEquals(countRows(data.resolve(rows.group(1) + ".sqlite")), answered, "segment " + rows.group(1));
            fetches += answered;
        }
        assertEquals(16, segments, output);
        assertEquals(20_000, fetches, output);
        assertTrue(output.contains("(16 rows, "), output);
        assertTrue(output.contains("curl -s --data-binary"), output);

        String again = run("local", "--sample", "--exit", "--port", "0", "--data", data.toString());
        assertTrue(again.contains("all 16 segments already present"), again);
    }

    @Test
    void existingSegmentFilesBecomeACluster(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (String id : new String[] {"a", "b"}) {
            try (Connection connection = SqliteConnections.openReadWrite(data.resolve(id + ".sqlite"));
                 Statement statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE t (x)");
                statement.executeUpdate("INSERT INTO t VALUES (1)");
            }
        }
        String output = run("local", "--exit", "--port", "0", "--data", data.toString());
        assertTrue(output.contains("registered 2 segment file(s)"), output);
        try (var registry = trough.sync.registry.EmbeddedRegistry.open(LocalCluster.registryDir(data))) {
            assertEquals(2, registry.segments("", null, 10).segments().size());
        }
    }

    private static long countRows(Path file) throws Exception {
        try (Connection connection = SqliteConnections.openReadOnly(file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM crawl_log")) {
            return rows.getLong(1);
        }
    }
}
