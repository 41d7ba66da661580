package trough.core.scan;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executor;
import org.sqlite.SQLiteConnection;
import trough.core.segment.SegmentId;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqliteConnections;
import trough.core.sqlite.StatementCache;
import trough.core.wire.Column;

/**
 * A query on one segment, run on the reader's own thread: SQLite steps as the reader asks for rows. With one
 * segment there is nothing to run in parallel, and handing the work to a pool thread and the rows back would
 * only add two thread wake-ups to every request, which cost more than a point lookup's work in SQLite when the
 * threads were idle. The deadline and a cancel from another thread reach SQLite through its progress check
 * ({@link ScanStop}); failures read as {@link SegmentScan}'s do.
 */
final class OneSegmentScan implements RowScan {
    private final String sql;
    private final List<?> params;
    private final SegmentId segment;
    private final boolean segmentColumn;
    private final SegmentConnectionProvider connections;
    private final ScanStop stop = new ScanStop();
    /** Guarded by this: a cancel interrupts the connection only while this scan holds it. */
    private SQLiteConnection connection;
    private StatementCache statements;
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
        stop.start(timeoutMillis);
    }

    @Override
    public List<Column> columns() throws ScanException {
        open();
        List<Column> answered = columns == null ? List.of() : columns; // closed before it ran
        return segmentColumn ? SegmentColumn.prepend(answered) : answered;
    }

    @Override
    public Object[] next() throws ScanException {
        open();
        if (finished) return null;
        if (stop.due()) throw fail(null);
        try {
            if (!rows.next()) {
                finished = true;
                release(true, true);
                return null;
            }
            Object[] row = ResultRows.current(rows, columns.size());
            rowsRead++;
            return segmentColumn ? SegmentColumn.prepend(segment, row) : row;
        } catch (SQLException | RuntimeException e) {
            throw fail(e);
        }
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    /** From any thread: SQLite stops at its next progress check, and the reader's next call fails with the reason. */
    @Override
    public void cancel(String reason) {
        stop.cancel(reason);
        synchronized (this) {
            if (connection != null) SqliteConnections.interrupt(connection);
        }
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            release(true, true);
        }
    }

    /** Runs the query up to its first row, once; a failure here is told before anything was sent. */
    private void open() throws ScanException {
        if (columns != null || finished) return;
        if (stop.cancelReason() != null) throw fail(null);
        try {
            // Nothing watches the deadline or a cancel during this wait (no statement runs yet): it must end by the deadline.
            SQLiteConnection borrowed = connections.borrow(segment, stop.remainingMillis());
            synchronized (this) {
                connection = borrowed;
            }
            // An interrupt finds nothing to stop until the statement starts; this stop cannot be missed.
            SqliteConnections.stopWhen(borrowed, stop::due);
            if (stop.cancelReason() != null) throw fail(null);
            statements = connections.statements(borrowed);
            rows = statements.query(sql, statement -> ParameterBinding.bind(statement, params));
            if (rows == null) {
                finished = true;
                release(true, false);
                throw ScanException.notAQuery(segment);
            }
            columns = ResultRows.columns(rows.getMetaData());
        } catch (SQLException | RuntimeException e) {
            throw fail(e);
        }
    }

    /**
     * Ends the scan, giving its connection back, and answers the failure to throw, as {@link SegmentScan} tells it:
     * a bug, the cancel, the deadline, or SQLite's error.
     */
    private ScanException fail(Exception cause) {
        boolean wasOpen = !finished;
        finished = true;
        if (wasOpen) release(!(cause instanceof RuntimeException), false);
        if (cause instanceof RuntimeException) {
            return new ScanException(ScanException.Kind.INTERNAL, segment.value(), "segment " + segment + ": " + cause, cause);
        }
        if (stop.cancelReason() != null) return ScanException.stopped(segment, stop.cancelReason(), cause);
        if (stop.pastDeadline()) return ScanException.timedOut(stop.timeoutMillis(), List.of(segment.value()), cause);
        SQLException sql = (SQLException) cause; // null only with a cancel or the deadline, told above
        return new ScanException(ScanException.Kind.SQL, segment.value(), sql.getMessage(), sql);
    }

    /**
     * Ends the statement, kept for the next run of its text when the scan went well ({@code statementReusable}), and
     * gives the connection back, reusable unless a bug left its state unknown.
     */
    private void release(boolean reusable, boolean statementReusable) {
        SQLiteConnection held;
        synchronized (this) {
            held = connection;
            connection = null;
        }
        if (held == null) return;
        if (rows != null) statements.done(sql, rows, statementReusable);
        rows = null;
        connections.release(segment, held, SqliteConnections.clearStop(held) && reusable);
    }
}
