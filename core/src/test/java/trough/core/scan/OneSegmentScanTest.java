package trough.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;
import trough.core.segment.SegmentId;

/**
 * The one-segment scan, on a real segment file: it answers what the parallel scan answers, and stops, fails and
 * gives its connection back as that one does, with everything done on the reader's thread.
 */
@Timeout(120) // a scan that no longer stops fails here rather than hanging the build
class OneSegmentScanTest {
    private static final SegmentId SEGMENT = SegmentId.of("s1");
    private static final String ENDLESS_COUNT = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

    @TempDir
    Path dir;
    private SegmentFileReaders files;
    private CountingReaders readers;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void segment() throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SEGMENT.fileName()));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (k TEXT, v INTEGER, r REAL, b BLOB)");
            statement.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000) "
                    + "INSERT INTO t SELECT 'k' || (x % 17), x, x / 7.0, CASE WHEN x % 5 = 0 THEN NULL ELSE randomblob(x % 9) END FROM c");
        }
        files = new SegmentFileReaders(segment -> dir.resolve(segment.fileName()), 2, 8);
        readers = new CountingReaders(files);
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
        files.close();
    }

    @Test
    void itAnswersWhatTheParallelScanAnswers() throws Exception {
        for (String sql : List.of("SELECT * FROM t", "SELECT k, sum(v), avg(r) FROM t GROUP BY k ORDER BY k", "SELECT * FROM t WHERE v > ?",
                "SELECT * FROM t WHERE 0")) {
            List<?> params = sql.contains("?") ? List.of(2990) : List.of();
            for (boolean segmentColumn : new boolean[] {false, true}) {
                RowScan one = SegmentScan.of(sql, params, List.of(SEGMENT), segmentColumn, readers);
                assertTrue(one instanceof OneSegmentScan, "one segment is read on the reader's thread");
                RowScan parallel = new SegmentScan(sql, params, List.of(SEGMENT), segmentColumn, readers);
                assertEquals(read(parallel), read(one), sql);
            }
        }
        assertEquals(0, readers.lent(), "every connection went back");
    }

    @Test
    void aQueryPastItsDeadlineStopsAndNamesTheSegment() throws Exception {
        RowScan scan = started(SegmentScan.of(ENDLESS_COUNT, List.of(), List.of(SEGMENT), false, readers), 200);
        ScanException timedOut = assertThrows(ScanException.class, scan::columns);
        assertEquals(ScanException.Kind.TIMEOUT, timedOut.kind());
        assertEquals("s1", timedOut.segment());
        assertEquals("query timed out after 200 ms; still running on segment(s) s1; narrow the query or raise its timeout", timedOut.getMessage());
        scan.close();
        assertEquals(0, readers.lent());
        assertEquals(3000, rowsInSegment(), "the connection stopped by the deadline answers the next query");
    }

    @Test
    void aCancelFromAnotherThreadStopsSqliteWhereItRuns() throws Exception {
        RowScan scan = started(SegmentScan.of(ENDLESS_COUNT, List.of(), List.of(SEGMENT), false, readers), 60_000);
        CompletableFuture<ScanException> failure = CompletableFuture.supplyAsync(() -> assertThrows(ScanException.class, scan::columns), pool);
        awaitLent(1);
        Thread.sleep(200); // into SQLite's endless count, most likely; a cancel just before it is caught there too
        scan.cancel("cancelled by the client");
        ScanException cancelled = failure.get(30, TimeUnit.SECONDS);
        assertEquals(ScanException.Kind.CANCELLED, cancelled.kind());
        assertEquals("query on segment s1 stopped: cancelled by the client", cancelled.getMessage());
        assertEquals(0, readers.lent());
    }

    @Test
    void aCancelBetweenRowsFailsTheNextRead() throws Exception {
        RowScan scan = started(SegmentScan.of("SELECT * FROM t", List.of(), List.of(SEGMENT), false, readers), 60_000);
        scan.columns();
        scan.next();
        scan.cancel("the client went away");
        ScanException cancelled = assertThrows(ScanException.class, scan::next);
        assertEquals(ScanException.Kind.CANCELLED, cancelled.kind());
        assertEquals("query on segment s1 stopped: the client went away", cancelled.getMessage());
        assertEquals(0, readers.lent());
    }

    @Test
    void aDeadlinePassedWhileTheReaderWasBusyFailsTheNextRead() throws Exception {
        RowScan scan = started(SegmentScan.of("SELECT * FROM t", List.of(), List.of(SEGMENT), false, readers), 1_000);
        scan.next();
        Thread.sleep(1_200); // the reader writing a row to a slow client, say
        ScanException timedOut = assertThrows(ScanException.class, scan::next);
        assertEquals(ScanException.Kind.TIMEOUT, timedOut.kind());
        assertEquals(0, readers.lent());
    }

    @Test
    void aCancelBeforeTheFirstReadRunsNothing() {
        RowScan scan = started(SegmentScan.of("SELECT * FROM t", List.of(), List.of(SEGMENT), false, readers), 60_000);
        scan.cancel("the client went away");
        ScanException cancelled = assertThrows(ScanException.class, scan::next);
        assertEquals(ScanException.Kind.CANCELLED, cancelled.kind());
        assertEquals(0, readers.borrowed(), "no connection was taken");
    }

    @Test
    void badSqlAndAStatementThatIsNotAQueryFailAsTheParallelScanFails() throws Exception {
        for (String sql : List.of("SELECT nope FROM t", "SELEC 1", "INSERT INTO t (v) VALUES (1)", "CREATE TABLE u (x)", "PRAGMA query_only = 1")) {
            ScanException one = assertThrows(ScanException.class, () -> started(SegmentScan.of(sql, List.of(), List.of(SEGMENT), false, readers), 60_000).columns());
            assertEquals(0, readers.lent(), "the connection went back as the failure was thrown");
            ScanException parallel = assertThrows(ScanException.class, () -> started(new SegmentScan(sql, List.of(), List.of(SEGMENT), false, readers), 60_000).columns());
            assertEquals(parallel.kind(), one.kind(), sql);
            assertEquals(parallel.getMessage(), one.getMessage(), sql);
            assertEquals("s1", one.segment());
            if (sql.startsWith("PRAGMA")) assertEquals(ScanException.Kind.NOT_A_QUERY, one.kind());
            awaitEveryConnectionBack(); // the parallel scan's task gives its connection back after telling the failure
        }
        assertEquals(3000, rowsInSegment(), "nothing was written");
    }

    @Test
    void closingBeforeTheLastRowGivesTheConnectionBack() throws Exception {
        RowScan scan = started(SegmentScan.of("SELECT * FROM t", List.of(), List.of(SEGMENT), false, readers), 60_000);
        scan.next();
        assertEquals(1, readers.lent());
        scan.close();
        assertEquals(0, readers.lent());
        assertNull(scan.next(), "a closed scan has no more rows");
    }

    private void awaitEveryConnectionBack() throws InterruptedException {
        awaitLent(0);
    }

    private void awaitLent(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (readers.lent() != expected) {
            if (System.nanoTime() > deadline) throw new AssertionError(readers.lent() + " connection(s) lent, never " + expected);
            Thread.sleep(5);
        }
    }

    private RowScan started(RowScan scan, long timeoutMillis) {
        scan.start(pool, timeoutMillis, 4);
        return scan;
    }

    /** The columns, then every row, as lists (so that arrays and blobs compare by value). */
    private List<List<Object>> read(RowScan scan) throws ScanException {
        try (scan) {
            scan.start(pool, 60_000, 4);
            List<List<Object>> rows = new ArrayList<>();
            rows.add(new ArrayList<>(scan.columns().stream().map(Object::toString).toList()));
            for (Object[] row = scan.next(); row != null; row = scan.next()) {
                List<Object> values = new ArrayList<>();
                for (Object value : row) values.add(value instanceof byte[] bytes ? Arrays.toString(bytes) : value);
                rows.add(values);
            }
            return rows;
        }
    }

    /** The rows of the segment's table, counted by a one-segment scan on a connection the pool lends again. */
    private long rowsInSegment() throws ScanException {
        return ((Number) read(SegmentScan.of("SELECT count(*) FROM t", List.of(), List.of(SEGMENT), false, readers)).get(1).get(0)).longValue();
    }

    /** The real readers, counting what is lent and not yet given back. */
    private static final class CountingReaders implements SegmentConnectionProvider {
        private final SegmentFileReaders files;
        private final AtomicInteger borrowed = new AtomicInteger();
        private final AtomicInteger released = new AtomicInteger();

        CountingReaders(SegmentFileReaders files) {
            this.files = files;
        }

        @Override
        public SQLiteConnection borrow(SegmentId segment) throws SQLException {
            SQLiteConnection connection = files.borrow(segment);
            borrowed.incrementAndGet();
            return connection;
        }

        @Override
        public void release(SegmentId segment, SQLiteConnection connection, boolean reusable) {
            released.incrementAndGet();
            files.release(segment, connection, reusable);
        }

        int borrowed() {
            return borrowed.get();
        }

        int lent() {
            return borrowed.get() - released.get();
        }
    }
}
