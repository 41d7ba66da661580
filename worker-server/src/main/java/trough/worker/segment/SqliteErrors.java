package trough.worker.segment;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import trough.core.segment.SegmentId;
import trough.worker.WorkerError;

/** Turns SQLite's failures into the answers a client can act on, each naming the segment. */
public final class SqliteErrors {
    private SqliteErrors() {}

    public static WorkerError toWorkerError(SQLException e, SegmentId segment) {
        String id = segment == null ? null : segment.value();
        if (e instanceof UnknownSegmentException unknown) {
            return WorkerError.notFound("unknown_segment", unknown.segment().value(),
                    "segment " + unknown.segment() + " is not served by this worker; list served segments with GET /v1/segments");
        }
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int code = primaryCode(e);
        if (code == SQLiteErrorCode.SQLITE_READONLY.code || code == SQLiteErrorCode.SQLITE_AUTH.code
                || message.contains("too many attached databases") || message.contains("not authorized")) {
            return new WorkerError(403, "read_only", id,
                    "the read path only reads: SQLite refused this statement (" + message + "); send writes to POST /v1/segments/" + id + "/write");
        }
        if (code == SQLiteErrorCode.SQLITE_INTERRUPT.code) {
            return new WorkerError(504, "timeout", id, "query on segment " + id + " was interrupted (timed out or cancelled)");
        }
        if (code == SQLiteErrorCode.SQLITE_CONSTRAINT.code) {
            return new WorkerError(409, "constraint", id, message);
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return new WorkerError(503, "busy", id, "segment " + id + " is busy (" + message + "); retry shortly");
        }
        if (code == SQLiteErrorCode.SQLITE_ERROR.code || code == SQLiteErrorCode.SQLITE_RANGE.code
                || code == SQLiteErrorCode.SQLITE_MISMATCH.code || code == SQLiteErrorCode.SQLITE_TOOBIG.code) {
            return WorkerError.badRequest("bad_sql", id, message);
        }
        return new WorkerError(500, "sqlite_error", id, "segment " + id + ": " + message, e);
    }

    private static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException sqlite) return sqlite.getResultCode().code & 0xFF;
        return e.getErrorCode() & 0xFF;
    }
}
