package trough.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqliteConnections;
import trough.core.sqlite.StatementCache;

class SegmentFileReadersTest {
    private static final SegmentId SEGMENT = SegmentId.of("s1");

    @TempDir
    Path dir;

    @Test
    void aConnectionGivenBackIsLentAgainAndSeesLaterWrites() throws Exception {
        write(file(), "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)");
        try (SegmentFileReaders readers = readers(2, 8)) {
            SQLiteConnection first = readers.borrow(SEGMENT);
            assertEquals(1, count(first));
            readers.release(SEGMENT, first, true);
            write(file(), "INSERT INTO t VALUES (2)");
            SQLiteConnection again = readers.borrow(SEGMENT);
            assertSame(first, again);
            assertEquals(2, count(again));
            readers.release(SEGMENT, again, true);
        }
    }

    @Test
    void aConnectionToAFileReplacedSinceIsNotLentAgain() throws Exception {
        write(file(), "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)");
        Path newer = dir.resolve("newer.sqlite");
        write(newer, "CREATE TABLE t (x)", "INSERT INTO t VALUES (1), (2), (3)");
        try (SegmentFileReaders readers = readers(2, 8)) {
            SQLiteConnection old = readers.borrow(SEGMENT);
            readers.release(SEGMENT, old, true);
            Files.move(newer, file(), StandardCopyOption.REPLACE_EXISTING);
            SQLiteConnection fresh = readers.borrow(SEGMENT);
            assertNotSame(old, fresh);
            assertTrue(old.isClosed(), "the connection to the replaced file is closed");
            assertEquals(3, count(fresh));
            readers.release(SEGMENT, fresh, true);
        }
    }

    @Test
    void aDeletedFileCannotBeBorrowedAndSaysWhichSegment() throws Exception {
        write(file(), "CREATE TABLE t (x)");
        try (SegmentFileReaders readers = readers(2, 8)) {
            readers.release(SEGMENT, readers.borrow(SEGMENT), true);
            Files.delete(file());
            SQLException error = assertThrows(SQLException.class, () -> readers.borrow(SEGMENT));
            assertTrue(error.getMessage().contains("segment s1"), error.getMessage());
        }
    }

    @Test
    void beyondItsSizeTheScanGetsAConnectionOfItsOwnClosedWhenGivenBack() throws Exception {
        write(file(), "CREATE TABLE t (x)");
        try (SegmentFileReaders readers = readers(1, 1)) {
            SQLiteConnection pooled = readers.borrow(SEGMENT);
            SQLiteConnection own = readers.borrow(SEGMENT);
            assertNotSame(pooled, own);
            assertEquals(1, readers.openCount());
            StatementCache statements = readers.statements(own);
            statements.done("SELECT x FROM t", statements.query("SELECT x FROM t", statement -> {}), true);
            assertEquals(0, statements.size(), "a connection closed when given back keeps no statement");
            readers.release(SEGMENT, own, true);
            assertTrue(own.isClosed());
            readers.release(SEGMENT, pooled, true);
            assertTrue(!pooled.isClosed());
        }
    }

    @Test
    void aConnectionInUnknownStateIsClosedNotKept() throws Exception {
        write(file(), "CREATE TABLE t (x)");
        try (SegmentFileReaders readers = readers(2, 8)) {
            SQLiteConnection connection = readers.borrow(SEGMENT);
            readers.release(SEGMENT, connection, false);
            assertTrue(connection.isClosed());
            assertEquals(0, readers.openCount());
        }
    }

    @Test
    void aScanOfOneSegmentRunsOnTheStatementTheLastScanOfTheSameTextKept() throws Exception {
        write(file(), "CREATE TABLE t (x)", "INSERT INTO t VALUES (1), (2)");
        try (SegmentFileReaders readers = readers(2, 8)) {
            scan(readers, SEGMENT);
            PreparedStatement kept = keptStatement(readers, SEGMENT);
            scan(readers, SEGMENT); // read on this thread
            assertSame(kept, keptStatement(readers, SEGMENT));
        }
    }

    @Test
    void aScanOfSeveralSegmentsRunsOnTheStatementsTheLastScanOfTheSameTextKept() throws Exception {
        SegmentId other = SegmentId.of("s2");
        write(file(), "CREATE TABLE t (x)", "INSERT INTO t VALUES (1), (2)");
        write(dir.resolve(other.fileName()), "CREATE TABLE t (x)", "INSERT INTO t VALUES (3)");
        try (SegmentFileReaders readers = readers(2, 8)) {
            scan(readers, SEGMENT, other);
            PreparedStatement keptFirst = keptStatement(readers, SEGMENT);
            PreparedStatement keptOther = keptStatement(readers, other);
            scan(readers, SEGMENT, other); // read in parallel on the pool
            assertSame(keptFirst, keptStatement(readers, SEGMENT));
            assertSame(keptOther, keptStatement(readers, other));
        }
    }

    private static final String KEPT_SQL = "SELECT x FROM t WHERE x > ?";

    private static void scan(SegmentFileReaders readers, SegmentId... segments) throws Exception {
        try (RowScan scan = SegmentScan.of(KEPT_SQL, List.of(0), List.of(segments), false, readers)) {
            scan.start(ForkJoinPool.commonPool(), 10_000, 2);
            int rows = 0;
            while (scan.next() != null) rows++;
            assertTrue(rows > 0);
        }
    }

    /** The statement the segment's pooled connection keeps for {@link #KEPT_SQL}: taken, run and kept again. */
    private static PreparedStatement keptStatement(SegmentFileReaders readers, SegmentId segment) throws SQLException {
        SQLiteConnection connection = readers.borrow(segment);
        try {
            StatementCache statements = readers.statements(connection);
            assertEquals(1, statements.size());
            ResultSet rows = statements.query(KEPT_SQL, statement -> statement.setLong(1, 0));
            PreparedStatement statement = (PreparedStatement) rows.getStatement();
            statements.done(KEPT_SQL, rows, true);
            return statement;
        } finally {
            readers.release(segment, connection, true);
        }
    }

    private SegmentFileReaders readers(int idle, int pooled) {
        return new SegmentFileReaders(segment -> dir.resolve(segment.fileName()), idle, pooled);
    }

    private Path file() {
        return dir.resolve(SEGMENT.fileName());
    }

    private static void write(Path file, String... statements) throws SQLException {
        try (Connection connection = SqliteConnections.openReadWrite(file); Statement statement = connection.createStatement()) {
            for (String sql : statements) statement.executeUpdate(sql);
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
