package trough.core.scan;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConnection;
import trough.core.segment.SegmentId;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqliteConnections;
import trough.core.wire.Column;

/**
 * A query on one segment, run on the reader's own thread: SQLite steps as the reader asks for rows. With one
 * segment there is nothing to run in parallel, and handing the work to a pool thread and the rows back would
 * only add two thread wake-ups to every request (a point lookup's largest cost after HTTP). The deadline and
 * a cancel from another thread reach SQLite through its progress check, as they do in {@link CombinedScan};
 * failures read as {@link SegmentScan}'s do.
 */
final class OneSegmentScan implements RowScan {
    private final String sql;
    private final List<?> params;
    private final SegmentId segment;
    private final boolean segmentColumn;
    private final SegmentConnectionProvider connections;
    private volatile String cancelReason;
    private long timeoutMillis;
    private long deadline;
    /** Guarded by this: a cancel interrupts the connection only while this scan holds it. */
    private SQLiteConnection connection;
    private PreparedStatement statement;
    private ResultSet rows;
    private List<Column> columns;
    private boolean finished;
    private long rowsRead;

    OneSegmentScan(String sql, List<?> params, SegmentId segment, boolean segmentColumn, SegmentConnectionProvider connections) {
        this.sql = sql;
        this.params = params;
        this.segment = segment;
        this.segmentColumn = segmentColumn;
        this.connections = connections;
    }

    /** Starts the clock only: the query runs as the reader reads. */
    @Override
    public void start(Executor pool, long timeoutMillis, int maxParallel) {
        this.timeoutMillis = timeoutMillis;
        this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    @Override
    public List<Column> columns() throws ScanException {
        open();
        return segmentColumn ? SegmentColumn.prepend(columns) : columns;
    }

    @Override
    public Object[] next() throws ScanException {
        open();
        if (finished) return null;
        if (System.nanoTime() - deadline > 0) throw failed(null);
        try {
            if (!rows.next()) {
                finished = true;
                release(true);
                return null;
            }
            Object[] row = ResultRows.current(rows, columns.size());
            rowsRead++;
            return segmentColumn ? SegmentColumn.prepend(segment, row) : row;
        } catch (SQLException | RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    /** From any thread: SQLite stops at its next progress check, and the reader's next call fails with the reason. */
    @Override
    public void cancel(String reason) {
        if (cancelReason == null) cancelReason = reason;
        synchronized (this) {
            if (connection != null) SqliteConnections.interrupt(connection);
        }
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            release(true);
        }
    }

    /** Runs the query up to its first row, once; a failure here is told before anything was sent. */
    private void open() throws ScanException {
        if (columns != null || finished) return;
        if (cancelReason != null) throw failed(null);
        try {
            SQLiteConnection borrowed = connections.borrow(segment);
            synchronized (this) {
                connection = borrowed;
            }
            // An interrupt finds nothing to stop until the statement starts; this stop cannot be missed.
            SqliteConnections.stopWhen(borrowed, () -> cancelReason != null || System.nanoTime() - deadline > 0);
            if (cancelReason != null) throw failed(null);
            statement = borrowed.prepareStatement(sql);
            ParameterBinding.bind(statement, params);
            // execute(), not executeQuery(), for SQLite's own verdict on a statement that is not a query (see SegmentScan).
            if (!statement.execute()) {
                finished = true;
                release(true);
                throw new ScanException(ScanException.Kind.NOT_A_QUERY, segment.value(), "the statement returns no rows; only queries are run here", null);
            }
            rows = statement.getResultSet();
            columns = ResultRows.columns(rows.getMetaData());
        } catch (SQLException | RuntimeException e) {
            throw failed(e);
        }
    }

    /** Ends the scan with the failure as {@link SegmentScan} tells it: the cancel, the deadline, SQLite's error, or a bug. */
    private ScanException failed(Exception cause) {
        boolean wasOpen = !finished;
        finished = true;
        if (wasOpen) release(!(cause instanceof RuntimeException));
        if (cancelReason != null) {
            return new ScanException(ScanException.Kind.CANCELLED, segment.value(), "query on segment " + segment + " stopped: " + cancelReason, cause);
        }
        if (System.nanoTime() - deadline > 0) {
            return new ScanException(ScanException.Kind.TIMEOUT, segment.value(), "query timed out after " + timeoutMillis
                    + " ms; still running on segment(s) " + segment + "; narrow the query or raise its timeout", cause);
        }
        if (cause instanceof SQLException sql) return new ScanException(ScanException.Kind.SQL, segment.value(), sql.getMessage(), sql);
        return new ScanException(ScanException.Kind.INTERNAL, segment.value(), "segment " + segment + ": " + cause, cause);
    }

    /** Closes the statement and gives the connection back, reusable unless a bug left its state unknown. */
    private void release(boolean reusable) {
        SQLiteConnection held;
        synchronized (this) {
            held = connection;
            connection = null;
        }
        if (held == null) return;
        try {
            if (statement != null) statement.close();
        } catch (SQLException e) {
            reusable = false;
        }
        statement = null;
        rows = null;
        connections.release(segment, held, SqliteConnections.clearStop(held) && reusable);
    }
}
