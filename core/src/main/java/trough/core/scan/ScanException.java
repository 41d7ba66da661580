package trough.core.scan;

import java.sql.SQLException;

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
