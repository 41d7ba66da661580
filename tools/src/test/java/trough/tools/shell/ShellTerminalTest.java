package trough.tools.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqliteConnections;
import trough.jdbc.oracle.OracleDataSet;
import trough.registry.embedded.EmbeddedRegistry;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/**
 * {@code trough shell} driven through a real pseudo-terminal against a real worker: every command, typed as
 * an operator types it, with what it prints.
 */
class ShellTerminalTest {
    @TempDir
    static Path dir;
    static OracleDataSet data;
    static Registry registry;
    static WorkerServer worker;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        data = OracleDataSet.create(dir.resolve("data"), 4, 400, 5, true);
        registry = EmbeddedRegistry.open(dir.resolve("registry"));
        registry.putSchema(SchemaValidator.validate("oracle", OracleDataSet.T_DDL + ";" + OracleDataSet.U_DDL));
        for (String segment : data.segments) registry.putSegment(SegmentRecord.local(SegmentId.of(segment), "oracle", 0));
        worker = WorkerServer.start(WorkerConfig.defaults(data.directory).withPort(0).withStorage(dir.resolve("durable").toUri()), registry);
        url = "jdbc:trough://127.0.0.1:" + worker.port();
    }

    @AfterAll
    static void stop() {
        worker.close();
        registry.close();
    }

    @Test
    void readingCommandsAnswerOnTheTerminal(@TempDir Path home) throws Exception {
        try (TerminalSession shell = TerminalSession.start(home, 50, "shell", "-u", url)) {
            shell.expect("help lists the commands");
            shell.expect("trough> ");

            shell.type("help");
            shell.expect("SHRED SEGMENT <segment> [<segment> ...]");
            shell.type("Help Show Segments");
            shell.expect("WITH ROWS counts the rows of each table too.");

            shell.type("SHOW SCHEMAS");
            assertTrue(shell.expect("oracle  t, u").contains("schema"));
            shell.type("show schema oracle");
            shell.expect(OracleDataSet.T_DDL);
            shell.type("show tables");
            shell.expect("oracle  u");
            shell.type("SHOW CREATE TABLE t");
            shell.expect("CREATE TABLE t (id INTEGER, grp TEXT, n INTEGER, x REAL, v, s TEXT);");

            shell.type("show segments");
            String listing = shell.expect("4 segment(s)");
            for (String segment : data.segments) assertTrue(listing.contains(segment), listing);
            shell.type("SHOW SEGMENTS MATCHING seg-0[12] WITH ROWS");
            String counted = shell.expect("2 segment(s)");
            assertTrue(counted.contains("seg-01") && counted.contains("t=" + count("seg-01")) && !counted.contains("seg-03"), counted);

            shell.type("connect seg-01 seg-02");
            shell.expect("connected to 2 segment(s): seg-01, seg-02");
            shell.expect("trough (2 segments)> ");
            shell.type("SHOW CONNECTIONS");
            shell.expect("connected to 2 segment(s): seg-01, seg-02");
            shell.type("SELECT count(*) AS n FROM t");
            String answer = shell.expect(" row in ");
            assertTrue(answer.matches("(?s).*\\n\\s*" + (count("seg-01") + count("seg-02")) + "\\n.*"), answer);

            shell.type("CONNECT MATCHING ^seg-0[0-2]$");
            shell.expect("connected to 3 segment(s): seg-00, seg-01, seg-02");
            shell.type("select _segment, count(*) as n from t group by _segment order by 1");
            String grouped = shell.expect("3 rows in ");
            assertTrue(grouped.contains("seg-00") && !grouped.contains("seg-03"), grouped);

            shell.type("format");
            shell.expect("format: TABLE");
            shell.type("FORMAT pretty");
            shell.expect("format: PRETTY");
            shell.type("select k, label from u where _segment = 'seg-00' order by k limit 2");
            shell.expect("+----");
            shell.expect("2 rows in ");
            shell.type("format raw");
            shell.expect("format: RAW");
            shell.type("select k, label from u where _segment = 'seg-00' order by k limit 1");
            shell.expect("k\tlabel");

            shell.type("insert into t (id) values (1)");
            shell.expect("error: this shell only reads: start it with -w/--writable to write");
            shell.type("select nope from t");
            shell.expect("error: ");
            shell.expect("Column 'nope' not found");
            shell.type("connect ../etc");
            shell.expect("error: invalid segment id '../etc'");
            shell.type("show nonsense");
            shell.expect("error: usage: SHOW CONNECTIONS|TABLES");
            shell.type("select count(*) from t");
            shell.expect(" row in "); // the shell went on after each error

            shell.type("QUIT");
            assertEquals(0, shell.exitCode());
        }
        String history = Files.readString(home.resolve(".trough_history"));
        assertTrue(history.contains("SHOW SCHEMAS") && history.contains("connect seg-01 seg-02"), history);
    }

    @Test
    void writableSessionsRegisterWritePromoteAndShred(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("notes.sql"), "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);\n");
        Files.writeString(home.resolve("rows.sql"), "INSERT INTO notes VALUES (1, 'one');\nINSERT INTO notes VALUES (2, 'two');\n");
        try (TerminalSession shell = TerminalSession.start(home, 50, "shell", "-u", url, "-w", "-s", "Notes", "Note-A")) {
            shell.expect("connected to 1 segment(s): Note-A");
            shell.expect("not there yet: Note-A; a write creates the segment from its schema");
            shell.expect("trough Note-A (w)> ");
            shell.type("SHOW CONNECTIONS");
            shell.expect("connected to 1 segment(s): Note-A");
            assertTrue(registry.segment(SegmentId.of("Note-A")).isEmpty(), "connecting provisions nothing");
            shell.type("REGISTER SCHEMA Notes notes.sql");
            shell.expect("registered schema Notes");
            shell.type("INFILE rows.sql");
            shell.expect("2 rows changed in segment Note-A");
            shell.type("insert into notes values (3, 'three')");
            shell.expect("1 row changed in segment Note-A");
            shell.type("update notes set body = upper(body) where id = 2");
            shell.expect("1 row changed in segment Note-A");
            shell.type("select id, body from notes order by id");
            String rows = shell.expect("3 rows in ");
            assertTrue(rows.matches("(?s).*1\\s+one\\s+2\\s+TWO\\s+3\\s+three.*"), rows);
            shell.type("show segments matching ^Note- with rows");
            shell.expect("notes=3");

            shell.type("PROMOTE");
            shell.expect("promoted Note-A: generation 1");

            shell.type("SHRED SEGMENT Note-A");
            shell.expect("Type yes to go on: ");
            shell.type("no");
            shell.expect("nothing shredded");
            shell.type("shred segment Note-A");
            shell.expect("Type yes to go on: ");
            shell.type("yes");
            shell.expect("shredded Note-A");
            shell.type("show segments matching ^Note-");
            shell.expect("0 segment(s)");
            shell.expect("trough Note-A (w)> ");

            shell.keys("\u0004"); // Ctrl-D
            assertEquals(0, shell.exitCode());
        }
        assertFalse(registry.segment(SegmentId.of("Note-A")).isPresent());
    }

    @Test
    void longAnswersArePagedAScreenAtATime(@TempDir Path home) throws Exception {
        try (TerminalSession shell = TerminalSession.start(home, 12, "shell", "-u", url)) {
            shell.expect("trough> ");
            shell.type("select id from t order by id limit 40");
            String first = shell.expect("-- more");
            assertFalse(first.contains("40 rows in"), first);
            shell.keys(" ");
            shell.expect("-- more");
            shell.keys("q");
            shell.expect("trough> ");
            shell.type("bye");
            assertEquals(0, shell.exitCode());
        }
    }

    private static long count(String segment) throws SQLException {
        try (Connection oracle = SqliteConnections.openReadOnly(data.oracle); Statement statement = oracle.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM t WHERE _segment = '" + segment + "'")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
