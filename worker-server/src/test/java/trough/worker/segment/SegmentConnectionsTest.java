package trough.worker.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.sql.SQLException;
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

    private static void run(SegmentConnections.OpenSegment open, String sql) throws SQLException {
        try (var statement = open.connection().prepareStatement(sql)) {
            statement.execute();
        }
    }
}
