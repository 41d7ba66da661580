package trough.core.client;

/** Rows arriving from segments, pulled one at a time; closing it early stops the work behind it. */
public interface RowSource extends AutoCloseable {
    /** The next row, or null after the last. Failures name the segment and what to do. */
    Object[] next();

    /** Stops the work on every segment; called from another thread when the query is cancelled. */
    void cancel(String reason);

    @Override
    void close();
}
