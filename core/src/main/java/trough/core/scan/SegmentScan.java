package trough.core.scan;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.sqlite.SQLiteConnection;
import trough.core.segment.SegmentId;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqliteConnections;
import trough.core.sqlite.StatementCache;
import trough.core.wire.Column;

/**
 * One query run on many segments in parallel, read as one stream of rows. Segment tasks hand batches of
 * rows to the reader through a {@link ParallelReader}, so memory stays bounded whatever the result size; rows
 * of different segments interleave. Cancelling (timeout, an explicit cancel, the reader gone) interrupts
 * SQLite on every segment still running.
 */
public final class SegmentScan implements RowScan {
    private static final int BATCH_ROWS = 512;
    private static final int QUEUE_BATCHES = 16;

    /** Rows of one segment; its last part may have none, so that even a segment without rows shows its columns. */
    private record Part(SegmentId segment, List<Column> columns, List<Object[]> rows) {}

    private final String sql;
    private final List<?> params;
    private final List<SegmentId> segments;
    private final boolean segmentColumn;
    private final SegmentConnectionProvider connections;
    private final Map<SegmentId, SQLiteConnection> running = new ConcurrentHashMap<>();

    private final ParallelReader<Part, ScanException> reader = new ParallelReader<>(QUEUE_BATCHES, new ScanFailures(), reason -> interruptRunning());
    private List<Column> columns;
    private SegmentId columnsFrom;
    private Part current;
    private int positionInPart;
    private long rowsRead;

    /**
     * @param segmentColumn when true, each row starts with a {@code _segment} column naming its segment
     */
    public SegmentScan(String sql, List<?> params, List<SegmentId> segments, boolean segmentColumn, SegmentConnectionProvider connections) {
        this.sql = sql;
        this.params = params;
        this.segments = List.copyOf(segments);
        this.segmentColumn = segmentColumn;
        this.connections = connections;
    }

    /**
     * The scan of a query on {@code segments}: one segment is read on the reader's own thread
     * ({@link OneSegmentScan}), several in parallel by a SegmentScan.
     */
    public static RowScan of(String sql, List<?> params, List<SegmentId> segments, boolean segmentColumn, SegmentConnectionProvider connections) {
        return segments.size() == 1 ? new OneSegmentScan(sql, params, segments.get(0), segmentColumn, connections)
                : new SegmentScan(sql, params, segments, segmentColumn, connections);
    }

    /**
     * Starts at most {@code maxParallel} tasks on {@code pool}, each scanning segments until none is left;
     * the whole scan must finish within {@code timeoutMillis}. A scan never has more tasks than that, so
     * several scans read by one thread (a join of two tables, say) cannot starve each other of threads as
     * long as the pool can grow to hold them.
     */
    @Override
    public void start(Executor pool, long timeoutMillis, int maxParallel) {
        reader.start(timeoutMillis);
        Queue<SegmentId> pending = new ConcurrentLinkedQueue<>(segments);
        int tasks = Math.min(Math.max(1, maxParallel), segments.size());
        for (int i = 0; i < tasks; i++) {
            reader.submit(pool, "a segment scan", () -> {
                for (SegmentId segment = pending.poll(); segment != null; segment = pending.poll()) {
                    scan(segment);
                }
            });
        }
        reader.sealed();
    }

    /**
     * The result's columns, waiting for the first segment to answer. A failure before any row (bad SQL, a
     * refused write, a timeout) surfaces here, before anything was handed to the reader.
     */
    @Override
    public List<Column> columns() throws ScanException {
        while (columns == null) {
            if (!await()) break;
        }
        List<Column> answered = columns == null ? List.of() : columns;
        return segmentColumn ? SegmentColumn.prepend(answered) : answered;
    }

    /** The next row, or null after the last one. */
    @Override
    public Object[] next() throws ScanException {
        while (current == null || positionInPart == current.rows().size()) {
            current = null;
            if (!await()) return null;
        }
        Object[] row = current.rows().get(positionInPart++);
        rowsRead++;
        return segmentColumn ? SegmentColumn.prepend(current.segment(), row) : row;
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    /** Stops the work on every segment still running; the reader's next call fails with the reason. */
    @Override
    public void cancel(String reason) {
        reader.cancel(reason);
    }

    @Override
    public void close() {
        if (!reader.finished()) cancel("the reader stopped early");
    }

    /** Under the lock a segment task takes to hand its connection back: a connection that may belong to another query is never interrupted. */
    private void interruptRunning() {
        synchronized (running) {
            for (SQLiteConnection connection : running.values()) SqliteConnections.interrupt(connection);
        }
    }

    /** Takes the next part into the reader's state; answers false when every segment has finished. */
    private boolean await() throws ScanException {
        Part part = reader.take();
        if (part == null) return false;
        checkColumns(part.segment(), part.columns());
        current = part;
        positionInPart = 0;
        return true;
    }

    private void checkColumns(SegmentId segment, List<Column> partColumns) throws ScanException {
        if (columns == null) {
            columns = partColumns;
            columnsFrom = segment;
        } else if (!names(columns).equals(names(partColumns))) {
            cancel("column mismatch");
            throw new ScanException(ScanException.Kind.COLUMN_MISMATCH, segment.value(),
                    "segments " + columnsFrom + " and " + segment + " answer different columns for this query ("
                            + names(columns) + " vs " + names(partColumns) + "); their schemas differ", null);
        }
    }

    private void scan(SegmentId segment) {
        if (reader.cancelReason() != null) {
            reader.fail("segment " + segment + " failed", cancelled(segment));
            return;
        }
        SQLiteConnection connection = null;
        boolean reusable = true;
        try {
            connection = connections.borrow(segment);
            running.put(segment, connection);
            // An interrupt finds nothing to stop until the statement starts; this stop cannot be missed.
            SqliteConnections.stopWhen(connection, () -> reader.cancelReason() != null);
            if (reader.cancelReason() != null) throw cancelled(segment);
            StatementCache statements = connections.statements(connection);
            ResultSet rows = statements.query(sql, statement -> ParameterBinding.bind(statement, params));
            if (rows == null) throw ScanException.notAQuery(segment);
            boolean readToTheEnd = false;
            try {
                List<Column> resultColumns = ResultRows.columns(rows.getMetaData());
                int width = resultColumns.size();
                List<Object[]> batch = new ArrayList<>(BATCH_ROWS);
                while (rows.next()) {
                    batch.add(ResultRows.current(rows, width));
                    if (batch.size() == BATCH_ROWS) {
                        if (!reader.hand(new Part(segment, resultColumns, batch))) return;
                        batch = new ArrayList<>(BATCH_ROWS);
                    }
                }
                readToTheEnd = true;
                reader.hand(new Part(segment, resultColumns, batch));
            } finally {
                statements.done(sql, rows, readToTheEnd);
            }
        } catch (SQLException e) {
            reader.fail("segment " + segment + " failed", reader.cancelReason() != null ? cancelled(segment)
                    : new ScanException(ScanException.Kind.SQL, segment.value(), e.getMessage(), e));
        } catch (ScanException e) {
            reader.fail("segment " + segment + " failed", e);
        } catch (RuntimeException e) {
            reusable = false;
            reader.fail("segment " + segment + " failed",
                    new ScanException(ScanException.Kind.INTERNAL, segment.value(), "segment " + segment + ": " + e, e));
        } finally {
            synchronized (running) {
                running.remove(segment);
            }
            if (connection != null) connections.release(segment, connection, SqliteConnections.clearStop(connection) && reusable);
        }
    }

    private ScanException cancelled(SegmentId segment) {
        return ScanException.stopped(segment, reader.cancelReason(), null);
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    /** The reader's own failures, naming the segments still running. */
    private final class ScanFailures implements ParallelReader.Failures<ScanException> {
        @Override
        public ScanException timedOut(long timeoutMillis) {
            return ScanException.timedOut(timeoutMillis, running.keySet().stream().map(SegmentId::value).sorted().toList(), null);
        }

        @Override
        public ScanException interrupted(InterruptedException cause) {
            return ScanException.interrupted(cause);
        }

        @Override
        public ScanException unexpected(String task, Throwable cause) {
            return ScanException.unexpected(task, cause);
        }
    }
}
