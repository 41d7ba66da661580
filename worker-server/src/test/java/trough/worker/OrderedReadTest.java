package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
import trough.core.order.SortKey;
import trough.core.scan.SortedSegmentScan;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqlScript;

/**
 * An ordered read ({@code "order"} in the request) answers its segments' sorted rows merged in SQLite's
 * order, the order one SQLite database holding all their rows gives, and stops at {@code "limit"}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderedReadTest {
    private static final String DDL = "CREATE TABLE t (id INTEGER PRIMARY KEY, v)";
    private static final int SEGMENTS = SortedSegmentScan.MAX_SEGMENTS + 1;
    TestWorker worker;
    Connection oracle;
    List<String> segments = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws SQLException {
        worker = TestWorker.start(dir);
        oracle = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement create = oracle.createStatement()) {
            create.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v, seg INTEGER)");
        }
        for (int i = 0; i < SEGMENTS; i++) segments.add("s" + i);
        worker.segments("ordered", DDL, segments.toArray(String[]::new));
        Random random = new Random(7);
        int id = 0;
        for (int s = 0; s < SEGMENTS; s++) {
            StringJoiner rows = new StringJoiner(", ", "INSERT INTO t (id, v) VALUES ", "");
            StringJoiner same = new StringJoiner(", ", "INSERT INTO t (id, v, seg) VALUES ", "");
            for (int r = 0; r < 40; r++, id++) {
                String value = switch (random.nextInt(5)) {
                    case 0 -> "NULL";
                    case 1 -> Long.toString(random.nextInt(50) - 25);
                    case 2 -> (random.nextInt(50) - 25) + ".5";
                    case 3 -> SqlScript.quoteLiteral("t" + random.nextInt(30));
                    default -> "x'" + Integer.toHexString(16 + random.nextInt(200)) + "'";
                };
                rows.add("(" + id + ", " + value + ")");
                same.add("(" + id + ", " + value + ", " + s + ")");
            }
            worker.write(segments.get(s), rows.toString());
            try (Statement insert = oracle.createStatement()) {
                insert.execute(same.toString());
            }
        }
    }

    @AfterAll
    void stop() throws SQLException {
        worker.close();
        oracle.close();
    }

    @Test
    void theSegmentsSortedRowsComeMergedInTheOrderOfOneDatabase() throws Exception {
        List<String> some = segments.subList(0, 9);
        for (String order : List.of("v, id", "v DESC, id DESC", "v DESC NULLS FIRST, id")) {
            String sql = "SELECT id, v FROM t ORDER BY " + order;
            List<SortKey> keys = order.equals("v, id") ? List.of(SortKey.of(1, false), SortKey.of(0, false))
                    : order.equals("v DESC, id DESC") ? List.of(SortKey.of(1, true), SortKey.of(0, true))
                    : List.of(new SortKey(1, true, true), SortKey.of(0, false));
            assertEquals(ids("SELECT id FROM t WHERE seg < 9 ORDER BY " + order), ids(new QueryRequest(sql, segmentIds(some), List.of(), false, 0, keys, 0, null)), order);
            assertEquals(ids("SELECT id FROM t WHERE seg < 9 ORDER BY " + order + " LIMIT 7"),
                    ids(new QueryRequest(sql + " LIMIT 7", segmentIds(some), List.of(), false, 0, keys, 7, null)), order + " LIMIT 7");
        }
    }

    @Test
    void aLimitStopsTheAnswerAndTheRowsCounted() throws Exception {
        double before = worker.metric("trough_rows_returned_total");
        QueryRequest request = new QueryRequest("SELECT id FROM t", segmentIds(segments.subList(0, 5)), List.of(), false, 0, List.of(), 3, null);
        assertEquals(3, ids(request).size());
        assertEquals(before + 3, worker.metric("trough_rows_returned_total"));
    }

    @Test
    void tooManySegmentsForOneOrderedReadAreRefusedWithTheLimit() {
        QueryRequest request = new QueryRequest("SELECT id FROM t ORDER BY id", segmentIds(segments), List.of(), false, 0, List.of(SortKey.of(0, false)), 0, null);
        WorkerException refused = org.junit.jupiter.api.Assertions.assertThrows(WorkerException.class, () -> ids(request));
        assertEquals(400, refused.status());
        assertEquals("too_many_segments", refused.kind());
        assertTrue(refused.getMessage().contains("at most " + SortedSegmentScan.MAX_SEGMENTS + " segments, not " + SEGMENTS), refused.getMessage());
    }

    private static List<SegmentId> segmentIds(List<String> segments) {
        return segments.stream().map(SegmentId::of).toList();
    }

    private List<Long> ids(QueryRequest request) throws WorkerException {
        List<Long> ids = new ArrayList<>();
        try (QueryResponse response = worker.client().query(request)) {
            for (Object[] row = response.next(); row != null; row = response.next()) ids.add((Long) row[0]);
        }
        return ids;
    }

    private List<Long> ids(String sql) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Statement statement = oracle.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) ids.add(rows.getLong(1));
        }
        return ids;
    }
}
