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
import trough.sync.storage.MiniHdfs;
import trough.tools.TroughCommand;

class LocalCommandTest {
    private static final Pattern JDBC_URL = Pattern.compile("answering through the JDBC driver: jdbc:trough://127\\.0\\.0\\.1:\\d+/crawl_log");
    private static final Pattern THREE_WORKER_URL = Pattern.compile("jdbc:trough://(127\\.0\\.0\\.1:\\d+,){2}127\\.0\\.0\\.1:\\d+/crawl_log");

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
    void localWithSampleCreatesSixteenSegmentsAndAnswersThroughTheJdbcDriver(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        String output = run("local", "--sample", "--sample-rows", "20000", "--exit", "--port", "0", "--data", data.toString());

        Matcher url = JDBC_URL.matcher(output);
        assertTrue(url.find(), output);
        long rows = 0;
        long bytes = 0;
        for (int i = 0; i < 16; i++) {
            Path file = data.resolve("crawl-job-" + (1001 + i) + ".sqlite");
            rows += single(file, "SELECT count(*) FROM crawl_log");
            bytes += single(file, "SELECT sum(size) FROM crawl_log");
        }
        assertEquals(20_000, rows);
        // The first sample query's one merged row: fetches and bytes of all 16 segments together.
        Matcher merged = Pattern.compile(String.format("^\\s*%,d\\s+%,d\\s+\\d+$", rows, bytes), Pattern.MULTILINE).matcher(output);
        assertTrue(merged.find(), "merged totals " + rows + "/" + bytes + " not in:\n" + output);
        assertTrue(output.contains("(5 rows, "), output);
        assertTrue(output.contains("curl -s --data-binary"), output);

        String again = run("local", "--sample", "--exit", "--port", "0", "--data", data.toString());
        assertTrue(again.contains("all 16 segments already present"), again);

        // The sample declares its segment key, in the registry and beside its files: a plain INSERT needs no _segment.
        try (var registry = trough.registry.embedded.EmbeddedRegistry.open(LocalCluster.registryDir(data))) {
            assertEquals(trough.core.segment.SegmentKey.of("crawl_job_id", "crawl-job-{crawl_job_id}"),
                    registry.schema("crawl_log").orElseThrow().segmentKey());
        }
        try (Connection files = java.sql.DriverManager.getConnection("jdbc:trough:file:" + data); Statement statement = files.createStatement()) {
            assertEquals(1, statement.executeUpdate("INSERT INTO crawl_log (url, host, status_code, crawl_job_id) VALUES ('http://example.com/', 'example.com', 200, 1003)"));
        }
        assertEquals(1, single(data.resolve("crawl-job-1003.sqlite"), "SELECT count(*) FROM crawl_log WHERE url = 'http://example.com/'"));
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
        try (var registry = trough.registry.embedded.EmbeddedRegistry.open(LocalCluster.registryDir(data))) {
            assertEquals(2, registry.segments("", null, 10).segments().size());
        }
    }

    @Test
    void threeWorkersOverHdfsHoldTwoCopiesOfEverySegmentAndAnswerTheSame(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        String one = run("local", "--sample", "--sample-rows", "20000", "--exit", "--port", "0", "--data", data.toString());
        String storage = MiniHdfs.freshDirectory("local").toString();
        String three = run("local", "--workers", "3", "--exit", "--sample", "--port", "0", "--data", data.toString(), "--storage", storage);
        assertTrue(three.contains("durable copies in " + storage), three);
        assertTrue(THREE_WORKER_URL.matcher(three).find(), three);
        assertTrue(three.contains("16 segment(s) placed"), three);
        // The same three answers, whether one worker serves every file or three serve two copies each.
        assertEquals(answers(one), answers(three));
        try (var registry = trough.registry.embedded.EmbeddedRegistry.open(LocalCluster.registryDir(data))) {
            for (var segment : registry.segments("", null, 100).segments()) {
                var ids = java.util.List.of(segment.id());
                assertEquals(2, registry.placements().assignmentsOf(ids).get(segment.id()).size(), segment.id() + " is assigned to two workers");
                // The first worker may still hold its original copy: it drops it once the two assigned ones serve.
                var replicas = registry.placements().replicasOf(ids).get(segment.id());
                assertTrue(replicas.stream().filter(r -> r.generation() == segment.generation()).count() >= 2, segment + ": " + replicas);
            }
        }
    }

    /** The tables the sample queries printed, without their timings. */
    private static String answers(String output) {
        int start = output.indexOf("answering through the JDBC driver");
        int end = output.indexOf("query the whole cluster as one database");
        return output.substring(output.indexOf('\n', start), end).replaceAll("\\(\\d+ rows?, [0-9.]+ ms\\)", "");
    }

    private static long single(Path file, String sql) throws Exception {
        try (Connection connection = SqliteConnections.openReadOnly(file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            return rows.getLong(1);
        }
    }
}
