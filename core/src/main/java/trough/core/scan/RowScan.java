package trough.core.scan;

import java.util.List;
import java.util.concurrent.Executor;
import trough.core.wire.Column;

/** One query run on many segments, read as one stream of rows by one thread. */
public interface RowScan extends AutoCloseable {
    /**
     * Starts the work on {@code pool}, at most {@code maxParallel} segments at once; the whole scan must
     * finish within {@code timeoutMillis}.
     */
    void start(Executor pool, long timeoutMillis, int maxParallel);

    /**
     * The result's columns, waiting for the segments to answer. A failure before any row (bad SQL, a
     * refused write, a timeout) surfaces here, before anything was handed to the reader.
     */
    List<Column> columns() throws ScanException;

    /** The next row, or null after the last one. */
    Object[] next() throws ScanException;

    long rowsRead();

    /** Stops the work on every segment still running; the reader's next call fails with the reason. */
    void cancel(String reason);

    @Override
    void close();
}
