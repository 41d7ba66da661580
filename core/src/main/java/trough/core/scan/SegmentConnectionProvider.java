package trough.core.scan;

import java.sql.SQLException;
import org.sqlite.SQLiteConnection;
import trough.core.segment.SegmentId;
import trough.core.sqlite.StatementCache;

/** Lends read-only connections to segments: a worker's pool, or plain opens for the embedded driver. */
public interface SegmentConnectionProvider {
    SQLiteConnection borrow(SegmentId segment) throws SQLException;

    /**
     * As {@link #borrow(SegmentId)}, waiting at most {@code maxWaitMillis} for a connection when all are lent: for a
     * caller whose deadline and cancel nothing else watches while it waits. A provider that never waits ignores it.
     */
    default SQLiteConnection borrow(SegmentId segment, long maxWaitMillis) throws SQLException {
        return borrow(segment);
    }

    /**
     * The statements kept for a connection this provider lent, for the next run of the same query on it; a
     * provider that keeps none answers {@link StatementCache#none}.
     */
    default StatementCache statements(SQLiteConnection connection) {
        return StatementCache.none(connection);
    }

    /** Gives the connection back; {@code reusable} is false when its state is unknown after a failure. */
    void release(SegmentId segment, SQLiteConnection connection, boolean reusable);
}
