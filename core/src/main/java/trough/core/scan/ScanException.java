package trough.core.scan;

import java.sql.SQLException;
import java.util.List;
import trough.core.segment.SegmentId;

/** A segment scan that failed: why, on which segment, and SQLite's error when SQLite raised it. */
public final class ScanException extends Exception {
    /** What kind of failure it was, so that callers can answer with the right status. */
    public enum Kind { SQL, NOT_A_QUERY, TIMEOUT, CANCELLED, COLUMN_MISMATCH, INTERNAL }

    private final Kind kind;
    private final String segment;

    public ScanException(Kind kind, String segment, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.segment = segment;
    }

    /** The segment's statement ran, and answers no rows: only queries are run on read connections. */
    static ScanException notAQuery(SegmentId segment) {
        return new ScanException(Kind.NOT_A_QUERY, segment.value(), "the statement returns no rows; only queries are run here", null);
    }

    /** The query on {@code segment} was stopped by a cancel, for {@code reason}. */
    static ScanException stopped(SegmentId segment, String reason, Throwable cause) {
        return new ScanException(Kind.CANCELLED, segment.value(), "query on segment " + segment + " stopped: " + reason, cause);
    }

    /** The deadline passed with the query still running on {@code segments} (ids, in order). */
    static ScanException timedOut(long timeoutMillis, List<String> segments, Throwable cause) {
        return new ScanException(Kind.TIMEOUT, segments.size() == 1 ? segments.get(0) : null, "query timed out after " + timeoutMillis
                + " ms; still running on segment(s) " + String.join(", ", segments) + "; narrow the query or raise its timeout", cause);
    }

    /** The reading thread was interrupted: the scan stopped, whatever the segments were doing. */
    static ScanException interrupted(InterruptedException cause) {
        return new ScanException(Kind.CANCELLED, null, "the scan was interrupted", cause);
    }

    /**
     * A scan's task threw what the scan does not handle: a bug. No segment is named, as the task has already let
     * go of the one it was scanning.
     */
    static ScanException unexpected(String task, Throwable cause) {
        return new ScanException(Kind.INTERNAL, null, task + " failed: " + cause, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The segment concerned, or null when the failure is not tied to one. */
    public String segment() {
        return segment;
    }

    /** SQLite's own error when kind is SQL, else null. */
    public SQLException sqlCause() {
        return getCause() instanceof SQLException e ? e : null;
    }
}
