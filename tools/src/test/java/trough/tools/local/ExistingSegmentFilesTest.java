package trough.tools.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;
import trough.jdbc.oracle.ResultComparison;
import trough.tools.TroughCommand;

/**
 * {@code trough local --data DIR} over segment files that were never registered (the original Trough's own use
 * case): each file gets a schema derived from its DDL, shared by files with the same DDL, and every schema
 * answers through {@code jdbc:trough://} as SQLite answers on one file holding the union of its files' rows.
 */
class ExistingSegmentFilesTest {
    private static final String PAGES_DDL = "CREATE TABLE pages (url TEXT PRIMARY KEY, host TEXT, size INTEGER)";
    private static final String EVENTS_DDL = "CREATE TABLE events (ts INTEGER, kind TEXT, amount REAL); CREATE INDEX events_ts ON events (ts)";
    private static final Map<String, List<String>> QUERIES = Map.of(
            "pages", List.of(
                    "SELECT count(*), sum(size), min(url), max(url) FROM pages",
                    "SELECT host, count(*), sum(size), avg(size) FROM pages GROUP BY host ORDER BY host",
                    "SELECT _segment, count(*) FROM pages GROUP BY _segment ORDER BY 1",
                    "SELECT url, size FROM pages WHERE size > 500 ORDER BY size DESC, url LIMIT 7"),
            "events", List.of(
                    "SELECT kind, count(*), sum(amount), max(ts) FROM events GROUP BY kind ORDER BY kind",
                    "SELECT count(*), min(amount) FROM events WHERE _segment = 'ledger-2'",
                    "SELECT ts, kind, amount FROM events ORDER BY ts, kind, amount LIMIT 5"));

    @TempDir
    Path dir;

    @Test
    void unregisteredFilesGetSchemasFromTheirDdlAndAnswerAsTheirUnionInSqlite() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Random random = new Random(16);
        for (String segment : new String[] {"site-a", "site-b", "site-c"}) fill(data, segment, PAGES_DDL, random);
        for (String segment : new String[] {"ledger-1", "ledger-2"}) fill(data, segment, EVENTS_DDL, random);
        Files.writeString(data.resolve("junk.sqlite"), "a text file with a segment's name\n");

        try (Serving local = Serving.start("local", "--port", "0", "--data", data.toString())) {
            assertTrue(local.banner.contains("registered 5 segment file(s) found in " + data.toAbsolutePath()), local.banner);
            assertTrue(local.banner.contains("warning: skipped " + data.resolve("junk.sqlite").toAbsolutePath() + ": not a SQLite database"), local.banner);
            for (String schema : QUERIES.keySet()) {
                Matcher url = Pattern.compile("with any JDBC tool: (jdbc:trough://127\\.0\\.0\\.1:\\d+/" + schema + ") ").matcher(local.banner);
                assertTrue(url.find(), "no URL for schema " + schema + " in:\n" + local.banner);
                try (Connection trough = DriverManager.getConnection(url.group(1));
                     Connection oracle = SqliteConnections.openReadOnly(dir.resolve(schema + "-oracle.sqlite"));
                     Statement troughStatement = trough.createStatement(); Statement oracleStatement = oracle.createStatement()) {
                    for (String sql : QUERIES.get(schema)) {
                        try (ResultSet expected = oracleStatement.executeQuery(sql); ResultSet actual = troughStatement.executeQuery(sql)) {
                            assertNull(ResultComparison.difference(ResultComparison.read(expected), ResultComparison.read(actual), true, false), sql);
                        }
                    }
                }
            }
        }
    }

    /** A segment file made by hand with the DDL and some rows, and the same rows in the oracle of its table. */
    private void fill(Path data, String segment, String ddl, Random random) throws SQLException {
        boolean pages = ddl.equals(PAGES_DDL);
        String table = pages ? "pages" : "events";
        Path oracleFile = dir.resolve(table + "-oracle.sqlite");
        boolean newOracle = Files.notExists(oracleFile);
        try (Connection file = SqliteConnections.openReadWrite(data.resolve(segment + ".sqlite"));
             Connection oracle = SqliteConnections.openReadWrite(oracleFile);
             Statement fileDdl = file.createStatement(); Statement oracleDdl = oracle.createStatement()) {
            fileDdl.executeUpdate(ddl);
            if (newOracle) oracleDdl.executeUpdate(ddl.replaceFirst("\\)", ", _segment TEXT)"));
            String insert = pages ? "INSERT INTO pages (url, host, size" : "INSERT INTO events (ts, kind, amount";
            try (PreparedStatement toFile = file.prepareStatement(insert + ") VALUES (?, ?, ?)");
                 PreparedStatement toOracle = oracle.prepareStatement(insert + ", _segment) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < 200; i++) {
                    Object[] row = pages
                            ? new Object[] {"http://" + segment + "/" + i, "host-" + random.nextInt(6), random.nextInt(10) == 0 ? null : random.nextInt(1000)}
                            : new Object[] {random.nextInt(5000), "kind-" + random.nextInt(4), random.nextInt(8) * 0.25};
                    for (int c = 0; c < 3; c++) {
                        toFile.setObject(c + 1, row[c]);
                        toOracle.setObject(c + 1, row[c]);
                    }
                    toOracle.setString(4, segment);
                    toFile.executeUpdate();
                    toOracle.executeUpdate();
                }
            }
        }
    }

    /** {@code trough local} serving in this JVM until the test stops it, as Ctrl-C would; its banner is what it printed until then. */
    private static final class Serving implements AutoCloseable {
        private final Thread thread;
        final String banner;

        private Serving(Thread thread, String banner) {
            this.thread = thread;
            this.banner = banner;
        }

        static Serving start(String... args) throws InterruptedException {
            PrintStream original = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
            System.setOut(out); // the command takes System.out as it starts
            Thread thread = new Thread(() -> TroughCommand.commandLine().execute(args), "trough-local-under-test");
            thread.start();
            try {
                for (int waited = 0; waited < 600 && !printed(captured).contains("serving until Ctrl-C") && thread.isAlive(); waited++) Thread.sleep(100);
            } finally {
                System.setOut(original);
            }
            String banner = printed(captured);
            assertTrue(banner.contains("serving until Ctrl-C"), "trough local did not start serving:\n" + banner);
            return new Serving(thread, banner);
        }

        private static String printed(ByteArrayOutputStream captured) {
            synchronized (captured) {
                return captured.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
        }
    }
}
