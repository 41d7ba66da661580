package trough.tools.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.client.WorkerClient;
import trough.core.registry.Registry;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;
import trough.registry.embedded.EmbeddedRegistry;
import trough.tools.TroughRun;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/** {@code trough load} against a real worker (and a directory of segment files): what lands where, and what is refused. */
class LoadCommandTest {
    private static final String DDL = "CREATE TABLE pages (url TEXT UNIQUE, host TEXT, size INTEGER, job TEXT)";

    @TempDir
    Path dir;
    Registry registry;
    WorkerServer worker;
    String url;

    /** What a run printed and how it ended. */
    @BeforeEach
    void start() {
        registry = EmbeddedRegistry.open(dir.resolve("registry"));
        registry.putSchema(SchemaValidator.validate("web", DDL));
        worker = WorkerServer.start(WorkerConfig.defaults(dir.resolve("data")).withPort(0).withStorage(dir.resolve("durable").toUri()), registry);
        url = "jdbc:trough://127.0.0.1:" + worker.port();
    }

    @AfterEach
    void stop() {
        worker.close();
        registry.close();
    }

    @Test
    void csvAndNdjsonLoadIntoTheSegmentsTheirColumnNames() throws Exception {
        Path csv = csv("pages.csv", 0, 2500);
        Path ndjson = dir.resolve("more.ndjson");
        Files.writeString(ndjson, "{\"url\": \"n1\", \"host\": \"h9\", \"size\": 5, \"job\": \"job-c\"}\n\n{\"url\": \"n2\", \"size\": 7.5, \"job\": \"job-c\"}\n");

        TroughRun run = load("--schema", "web", "--segment-by", "job", "--batch", "300", csv.toString(), ndjson.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("checked 2 file(s): 2,502 rows for 3 segment(s) of table pages"), run.out());
        assertTrue(run.out().contains("loading: 2,502 rows from 2 file(s)"), run.out());
        assertEquals(Map.of("job-a", 1250L, "job-b", 1250L, "job-c", 2L), counts());
        assertEquals(List.of("n2|NULL|7.5"), rows("SELECT url || '|' || coalesce(host, 'NULL') || '|' || size FROM pages WHERE url = 'n2'"));
        assertEquals(List.of(Long.toString(sizeSum(0, 2500) + 5)), rows("SELECT CAST(sum(size) AS INTEGER) - 7 FROM pages"));
    }

    @Test
    void aLoadStoppedHalfwayAndRunAgainWritesOnlyTheRest() throws Exception {
        Path csv = csv("pages.csv", 0, 1000);
        // A row already in the segment collides with the file's row 650 (url h2...), in its third chunk of 300.
        client().provision(SegmentId.of("job-a"), "web");
        client().write(SegmentId.of("job-a"), "INSERT INTO pages (url, job) VALUES ('http://h2.example/650', 'blocker')");

        TroughRun stopped = load("--schema", "web", "--segment", "job-a", "--batch", "300", csv.toString());
        assertEquals(1, stopped.exit(), stopped.toString());
        assertTrue(stopped.err().contains("UNIQUE constraint failed: pages.url"), stopped.err());
        assertTrue(stopped.err().contains("running the same load again writes only the rest"), stopped.err());
        assertEquals(Map.of("job-a", 601L), counts(), "two chunks of 300 made it, with the blocking row");

        client().write(SegmentId.of("job-a"), "DELETE FROM pages WHERE job = 'blocker'");
        TroughRun again = load("--schema", "web", "--segment", "job-a", "--batch", "300", csv.toString());
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().matches("(?s).*job-a\\s+400\\s+600.*"), again.out());
        assertEquals(Map.of("job-a", 1000L), counts());
        assertEquals(List.of("1000"), rows("SELECT count(DISTINCT url) FROM pages"));

        TroughRun thirdTime = load("--schema", "web", "--segment", "job-a", "--batch", "300", csv.toString());
        assertTrue(thirdTime.out().matches("(?s).*job-a\\s+0\\s+1,000.*"), thirdTime.out());
        assertEquals(Map.of("job-a", 1000L), counts());
    }

    @Test
    void aBadRecordStopsTheLoadBeforeAnythingIsWrittenUnlessSkipped() throws Exception {
        Path ndjson = dir.resolve("bad.ndjson");
        Files.writeString(ndjson, "{\"url\": \"a\", \"job\": \"job-a\"}\n{\"url\": \"b\", \"job\": \"job-a\"}\n{\"url\": \"c\", \"job\": \n"
                + "{\"url\": \"d\", \"job\": \"../etc\"}\n{\"url\": \"e\", \"job\": \"job-a\", \"colour\": \"red\"}\n");

        TroughRun refused = load("--schema", "web", "--segment-by", "job", ndjson.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().startsWith("trough load: " + ndjson + " line 3: not JSON at character"), refused.err());
        assertTrue(registry.segment(SegmentId.of("job-a")).isEmpty(), "nothing was written, not even the segment");

        TroughRun tooMany = load("--schema", "web", "--segment-by", "job", "--skip-bad", "2", ndjson.toString());
        assertEquals(1, tooMany.exit());
        assertTrue(tooMany.out().contains("skipped: " + ndjson + " line 4, column job: invalid segment id '../etc'"), tooMany.out());
        assertTrue(tooMany.err().contains("more than 2 bad records (--skip-bad); the last: " + ndjson + " line 5, column colour: table pages has no such column"),
                tooMany.err());
        assertTrue(registry.segment(SegmentId.of("job-a")).isEmpty());

        TroughRun skipped = load("--schema", "web", "--segment-by", "job", "--skip-bad", "3", ndjson.toString());
        assertEquals(0, skipped.exit(), skipped.toString());
        assertTrue(skipped.out().contains("2 rows for 1 segment(s) of table pages, 3 bad record(s) skipped"), skipped.out());
        assertEquals(Map.of("job-a", 2L), counts());
    }

    @Test
    void aDryRunSaysWhatWouldLoadAndWritesNothing() throws Exception {
        TroughRun run = load("--schema", "web", "--segment-by", "job", "--dry-run", csv("pages.csv", 0, 10).toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().matches("(?s).*job-a\\s+5 rows.*job-b\\s+5 rows.*dry run: nothing written.*"), run.out());
        assertTrue(registry.segments("", null, 10).segments().isEmpty());
    }

    @Test
    void withoutSegmentByRowsGoWhereTheSchemasSegmentKeyAndAJdbcInsertPutThem() throws Exception {
        registry.putSchema(SchemaValidator.validate("keyed", DDL, SegmentKey.of("job", "web-{job}")));
        TroughRun run = load("--schema", "keyed", csv("pages.csv", 0, 10).toString());
        assertEquals(0, run.exit(), run.toString());
        TroughRun byKeyColumn = load("--schema", "keyed", "--segment-by", "JOB", csv("more.csv", 10, 14).toString());
        assertEquals(0, byKeyColumn.exit(), byKeyColumn.toString());
        try (Connection connection = DriverManager.getConnection(url + "/keyed"); Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("INSERT INTO pages (url, job) VALUES ('through-jdbc', 'job-b')"));
            assertEquals(List.of("web-job-a=7", "web-job-b=8"), read(statement, "SELECT _segment || '=' || count(*) FROM pages GROUP BY _segment ORDER BY 1"));
        }

        TroughRun unkeyed = load("--schema", "web", csv("pages.csv", 0, 10).toString());
        assertEquals(2, unkeyed.exit(), "a usage mistake, as a missing option is");
        assertTrue(unkeyed.err().contains("say which segment each row goes to: --segment-by COLUMN or --segment ID (schema web declares no segment key)"),
                unkeyed.err());
    }

    @Test
    void aSqliteFileLoadsAndPromoteStoresTheSegments() throws Exception {
        Path source = dir.resolve("old.sqlite");
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + source); Statement statement = sqlite.createStatement()) {
            statement.execute(DDL);
            statement.execute("INSERT INTO pages VALUES ('s1', 'h', 1, 'job-s'), ('s2', 'h', x'00ff', 'job-s')");
        }
        TroughRun run = load("--schema", "web", "--segment-by", "job", "--promote", source.toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(run.out().contains("promoted job-s: generation 1"), run.out());
        assertEquals(1, registry.segment(SegmentId.of("job-s")).orElseThrow().generation());
        assertEquals(List.of("blob"), rows("SELECT typeof(size) FROM pages WHERE url = 's2'"));
    }

    @Test
    void aDirectoryOfSegmentFilesIsFilledFromDdl() throws Exception {
        Path segments = Files.createDirectories(dir.resolve("files"));
        Path ddl = dir.resolve("pages.sql");
        Files.writeString(ddl, DDL + ";");
        TroughRun run = load("-u", "jdbc:trough:file:" + segments, "--ddl", ddl.toString(), "--segment-by", "job", csv("pages.csv", 0, 40).toString());
        assertEquals(0, run.exit(), run.toString());
        assertTrue(Files.exists(segments.resolve("job-a.sqlite")) && Files.exists(segments.resolve("job-b.sqlite")));
        try (Connection files = DriverManager.getConnection("jdbc:trough:file:" + segments); Statement statement = files.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pages")) {
            rows.next();
            assertEquals(40, rows.getLong(1));
            assertFalse(files.getMetaData().getTables(null, null, "_trough%", null).next(), "the loader's record is not a user table");
        }
    }

    private WorkerClient client() {
        return WorkerClient.sharing(WorkerClient.defaultHttpClient(), worker.url());
    }

    /** Rows {@code from} (inclusive) to {@code to}, alternating between jobs a and b, as CSV with a header. */
    private Path csv(String name, int from, int to) throws Exception {
        StringBuilder text = new StringBuilder("url,host,size,job\n");
        for (int i = from; i < to; i++) {
            text.append("http://h").append(i % 3).append(".example/").append(i).append(",h").append(i % 3).append(',').append(i * 7)
                    .append(',').append(i % 2 == 0 ? "job-a" : "job-b").append('\n');
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static long sizeSum(int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) sum += i * 7L;
        return sum;
    }

    private TroughRun load(String... args) {
        List<String> all = new ArrayList<>(List.of("load"));
        if (!List.of(args).contains("-u")) all.addAll(List.of("-u", url));
        all.addAll(List.of(args));
        return TroughRun.of(all.toArray(String[]::new));
    }

    private Map<String, Long> counts() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (String row : rows("SELECT _segment || '=' || count(*) FROM pages GROUP BY _segment")) {
            counts.put(row.substring(0, row.indexOf('=')), Long.parseLong(row.substring(row.indexOf('=') + 1)));
        }
        return counts;
    }

    private static List<String> read(Statement statement, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) rows.add(result.getString(1));
        }
        return rows;
    }

    private List<String> rows(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url + "/web"); Statement statement = connection.createStatement()) {
            return read(statement, sql);
        }
    }
}
