package trough.core.segment;

/** A row whose segment key names no valid segment: a NULL, a BLOB, or a value the pattern turns into an invalid id. */
public final class InvalidSegmentKeyException extends IllegalArgumentException {
    public InvalidSegmentKeyException(String message) {
        super(message);
    }
}
