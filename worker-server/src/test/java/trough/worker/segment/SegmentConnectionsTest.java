package trough.worker.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.sqlite.ConnectionState;

class SegmentConnectionsTest {
    private static final SegmentId SEGMENT = SegmentId.of("s1");

    @Test
    void aWriterConnectionLeftChangedIsClosedAndTheNextWriterIsFresh(@TempDir Path dir) throws Exception {
        SegmentStore store = new SegmentStore(dir);
        store.create(SEGMENT, new SchemaDefinition("kv", "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER)"));
        try (SegmentConnections connections = new SegmentConnections(store, 2, 16)) {
            SegmentConnections.OpenSegment first = connections.borrowWriter(SEGMENT);
            ConnectionState fresh = ConnectionState.of(first.connection());
            connections.release(first);
            SegmentConnections.OpenSegment again = connections.borrowWriter(SEGMENT);
            assertSame(first, again, "an unchanged writer is reused");

            run(again, "PRAGMA recursive_triggers = 1");
            run(again, "CREATE TEMP TABLE leftover (x)");
            connections.release(again);

            SegmentConnections.OpenSegment next = connections.borrowWriter(SEGMENT);
            assertNotSame(again, next, "a changed writer is not handed out again");
            assertEquals("", fresh.differences(ConnectionState.of(next.connection())));
            connections.release(next);
        }
    }

    /** A one-segment read borrows on the request's own thread, where nothing else watches its deadline. */
    @Test
    void aReaderBorrowedWithABoundedWaitFailsOnceTheWaitIsOverWhenAllAreLent(@TempDir Path dir) throws Exception {
        SegmentStore store = new SegmentStore(dir);
        store.create(SEGMENT, new SchemaDefinition("kv", "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER)"));
        try (SegmentConnections connections = new SegmentConnections(store, 1, 16)) {
            var only = connections.readers().borrow(SEGMENT);
            long started = System.nanoTime();
            SQLException none = assertThrows(SQLException.class, () -> connections.readers().borrow(SEGMENT, 300));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(none.getMessage().startsWith("no connection to segment s1 became free in time"), none.getMessage());
            assertTrue(waited < 60_000, "the wait ended with its bound (the pool's own is 5 minutes): " + waited + " ms");
            connections.readers().release(SEGMENT, only, true);
            connections.readers().release(SEGMENT, connections.readers().borrow(SEGMENT, 300), true);
        }
    }

    /** Every connection the worker may open is lent: a segment whose file is gone must not wait for one to come back. */
    @Test
    void aSegmentWithoutItsFileFailsAtOnceEvenWhenEveryConnectionIsLent(@TempDir Path dir) throws Exception {
        SegmentStore store = new SegmentStore(dir);
        SegmentId other = SegmentId.of("s2");
        SegmentId gone = SegmentId.of("s3");
        for (SegmentId id : new SegmentId[] {SEGMENT, other, gone}) {
            store.create(id, new SchemaDefinition("kv", "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER)"));
        }
        try (SegmentConnections connections = new SegmentConnections(store, 1, 2)) {
            var first = connections.readers().borrow(SEGMENT);
            var second = connections.readers().borrow(other);
            Files.delete(store.path(gone));
            // The pool's own wait is 5 minutes.
            assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(UnknownSegmentException.class, () -> connections.readers().borrow(gone)));
            connections.readers().release(SEGMENT, first, true);
            connections.readers().release(other, second, true);
        }
    }

    private static void run(SegmentConnections.OpenSegment open, String sql) throws SQLException {
        try (var statement = open.connection().prepareStatement(sql)) {
            statement.execute();
        }
    }
}
