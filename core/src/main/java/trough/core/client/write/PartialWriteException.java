package trough.core.client.write;

/**
 * Several writes to one segment of which only the first {@link #written()} were written (each acknowledged,
 * as a write alone would be); the cause says why the next one was not, and nothing after it was sent.
 */
public final class PartialWriteException extends RuntimeException {
    private final int written;
    private final long rowsChanged;

    public PartialWriteException(int written, long rowsChanged, RuntimeException cause) {
        super(cause.getMessage(), cause);
        this.written = written;
        this.rowsChanged = rowsChanged;
    }

    /** How many of the writes, from the first, were written. */
    public int written() {
        return written;
    }

    /** The rows those writes changed. */
    public long rowsChanged() {
        return rowsChanged;
    }
}
