package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import trough.core.api.QueryRequest;
import trough.core.client.QueryResponse;
import trough.core.client.WorkerException;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqlScript;

/**
 * A read with {@code "combine"} answers the combine query run over the rows of all its segments: a partial
 * aggregate combined on the worker answers what the same aggregate answers on one SQLite database holding
 * every row. A combine that is not a query, fails, answers other columns or runs too long is refused with
 * its own error, and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CombinedReadTest {
    private static final int SEGMENTS = 9;
    TestWorker worker;
    Connection oracle;
    List<String> segments = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws SQLException {
        worker = TestWorker.start(dir);
        oracle = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement create = oracle.createStatement()) {
            create.execute("CREATE TABLE t (k TEXT, n INTEGER, v)");
        }
        for (int i = 0; i < SEGMENTS; i++) segments.add("c" + i);
        worker.segments("combined", "CREATE TABLE t (k TEXT, n INTEGER, v)", segments.toArray(String[]::new));
        Random random = new Random(11);
        for (String segment : segments) {
            StringJoiner rows = new StringJoiner(", ", "INSERT INTO t (k, n, v) VALUES ", "");
            for (int r = 0; r < 60; r++) {
                String k = random.nextInt(8) == 0 ? "NULL" : SqlScript.quoteLiteral("k" + random.nextInt(6));
                String n = random.nextInt(10) == 0 ? "NULL" : Integer.toString(random.nextInt(2000) - 1000);
                String v = switch (random.nextInt(4)) {
                    case 0 -> "NULL";
                    case 1 -> Integer.toString(random.nextInt(20));
                    case 2 -> random.nextInt(20) + ".5";
                    default -> SqlScript.quoteLiteral("v" + random.nextInt(20));
                };
                rows.add("(" + k + ", " + n + ", " + v + ")");
            }
            worker.write(segment, rows.toString());
            try (Statement insert = oracle.createStatement()) {
                insert.execute(rows.toString());
            }
        }
    }

    @AfterAll
    void stop() throws SQLException {
        worker.close();
        oracle.close();
    }

    @Test
    void partialAggregatesCombinedOnTheWorkerAnswerAsOneDatabase() throws Exception {
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("SELECT k, count(*), sum(n), min(v), max(v), total(n) FROM t GROUP BY k", new String[] {
                "SELECT k, count(*), sum(n), min(v), max(v), total(n) FROM t GROUP BY k",
                "SELECT p$0, sum(p$1), sum(p$2), min(p$3), max(p$4), total(p$5) FROM p GROUP BY p$0"});
        cases.put("SELECT v FROM t GROUP BY v", new String[] {"SELECT v FROM t GROUP BY v", "SELECT p$0 FROM p GROUP BY p$0"});
        cases.put("SELECT count(n), sum(n) FROM t WHERE n > 5000", new String[] {
                "SELECT count(n), sum(n) FROM t WHERE n > 5000", "SELECT sum(p$0), sum(p$1) FROM p"});
        cases.forEach((oracleSql, fragmentAndCombine) -> {
            QueryRequest request = new QueryRequest(fragmentAndCombine[0], segmentIds(), List.of(), false, 0, List.of(), 0, fragmentAndCombine[1]);
            assertEquals(sorted(oracle(oracleSql)), sorted(worker(request)), oracleSql);
        });
    }

    @Test
    void aLimitCountsCombinedRows() throws Exception {
        QueryRequest request = new QueryRequest("SELECT k FROM t GROUP BY k", segmentIds(), List.of(), false, 0, List.of(), 2,
                "SELECT p$0 FROM p GROUP BY p$0");
        assertEquals(2, worker(request).size());
    }

    @Test
    void aCombineThatIsNotAQueryIsRefused() {
        TestWorker.Answer refused = combine("DELETE FROM p");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("not_a_query", refused.error(), refused.toString());
        assertTrue(refused.detail().startsWith("the combine query: the read path runs queries only"), refused.toString());
        assertEquals(403, combine("SELECT p$0 FROM p; DROP TABLE p").status());
        assertUnchanged();
    }

    @Test
    void aCombineThatWritesIsRefusedBySqlite() {
        TestWorker.Answer refused = combine("WITH x AS (SELECT 1) INSERT INTO p SELECT * FROM p");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("read_only", refused.error(), refused.toString());
        assertUnchanged();
    }

    @Test
    void aCombineSqliteCannotRunNamesItselfInTheError() {
        TestWorker.Answer refused = combine("SELECT nope, count(*) FROM p");
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("bad_sql", refused.error());
        assertTrue(refused.detail().contains("the combine query failed: "), refused.toString());
        assertTrue(refused.detail().contains("no such column: nope"), refused.toString());
        assertUnchanged();
    }

    @Test
    void aCombineAnsweringOtherColumnsThanTheSegmentsIsRefused() {
        TestWorker.Answer refused = combine("SELECT p$0 FROM p");
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("column_mismatch", refused.error());
        assertEquals("the combine query answers 1 columns where the segments' rows have 2; it must answer rows like theirs",
                refused.detail());
    }

    @Test
    void aCombineWithOrderOrSegmentColumnIsRefused() throws IOException {
        TestWorker.Answer ordered = send(Map.of("sql", "SELECT k, n FROM t ORDER BY n", "segments", segments, "combine", "SELECT * FROM p",
                "order", List.of(Map.of("column", 1))));
        assertEquals(400, ordered.status(), ordered.toString());
        assertEquals("bad_combine", ordered.error());
        assertTrue(ordered.detail().contains("cannot be sent with \"order\" or \"segmentColumn\""), ordered.toString());
        TestWorker.Answer tagged = send(Map.of("sql", "SELECT k, n FROM t", "segments", segments, "combine", "SELECT * FROM p", "segmentColumn", true));
        assertEquals(400, tagged.status(), tagged.toString());
    }

    @Test
    void aCombineRunningPastTheTimeoutIsStopped() {
        String slow = "SELECT p$0, count(*) FROM p, (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 1000000000) "
                + "SELECT x FROM c) GROUP BY p$0";
        TestWorker.Answer stopped = send(Map.of("sql", "SELECT k, n FROM t", "segments", segments, "combine", slow, "timeoutMillis", 300));
        assertEquals(504, stopped.status(), stopped.toString());
        assertEquals("timeout", stopped.error());
        assertTrue(stopped.detail().contains("while combining the segments' rows"), stopped.toString());
    }

    private List<SegmentId> segmentIds() {
        return segments.stream().map(SegmentId::of).toList();
    }

    private TestWorker.Answer combine(String combine) {
        return send(Map.of("sql", "SELECT k, n FROM t", "segments", segments, "combine", combine));
    }

    private TestWorker.Answer send(Map<String, Object> body) {
        try {
            return worker.post("/v1/query", TestWorker.JSON.writeValueAsString(body), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every segment still holds its 60 rows, and the table its columns. */
    private void assertUnchanged() {
        for (String segment : segments) {
            JsonNode rows = worker.query("SELECT count(*) AS n, (SELECT count(*) FROM pragma_table_info('t')) AS columns FROM t", segment).json();
            assertEquals("60/3", rows.path(0).path("n").asText() + "/" + rows.path(0).path("columns").asText(), rows.toString());
        }
    }

    private List<String> worker(QueryRequest request) {
        List<String> rows = new ArrayList<>();
        try (QueryResponse response = worker.client().query(request)) {
            for (Object[] row = response.next(); row != null; row = response.next()) rows.add(text(row));
        } catch (WorkerException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        return rows;
    }

    private List<String> oracle(String sql) {
        List<String> rows = new ArrayList<>();
        try (Statement statement = oracle.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int width = result.getMetaData().getColumnCount();
            while (result.next()) {
                Object[] row = new Object[width];
                for (int i = 0; i < width; i++) {
                    Object value = result.getObject(i + 1);
                    row[i] = value instanceof Integer small ? (Object) small.longValue() : value;
                }
                rows.add(text(row));
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return rows;
    }

    private static String text(Object[] row) {
        StringJoiner text = new StringJoiner("|");
        for (Object value : row) text.add(value == null ? "NULL" : value.getClass().getSimpleName() + ":" + value);
        return text.toString();
    }

    private static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }
}
