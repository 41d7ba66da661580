package trough.core.scan;

import java.sql.SQLException;
import org.sqlite.SQLiteConnection;
import trough.core.segment.SegmentId;

/** Lends read-only connections to segments: a worker's pool, or plain opens for the embedded driver. */
public interface SegmentConnectionProvider {
    SQLiteConnection borrow(SegmentId segment) throws SQLException;

    /** Gives the connection back; {@code reusable} is false when its state is unknown after a failure. */
    void release(SegmentId segment, SQLiteConnection connection, boolean reusable);
}
