package trough.core.scan;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConnection;
import trough.core.segment.SegmentId;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqliteConnections;
import trough.core.wire.Column;

/**
 * One query run on many segments in parallel, read as one stream of rows. Segment tasks hand batches of
 * rows to the reader through a small bounded queue, so memory stays bounded whatever the result size; rows
 * of different segments interleave. Cancelling (timeout, an explicit cancel, the reader gone) interrupts
 * SQLite on every segment still running.
 */
public final class SegmentScan implements RowScan {
    private static final int BATCH_ROWS = 512;
    private static final int QUEUE_BATCHES = 16;

    private sealed interface Event permits Batch, Done, Failed {}

    private record Batch(SegmentId segment, List<Column> columns, List<Object[]> rows) implements Event {}

    private record Done(SegmentId segment, List<Column> columns) implements Event {}

    private record Failed(ScanException error) implements Event {}

    private final String sql;
    private final List<?> params;
    private final List<SegmentId> segments;
    private final boolean segmentColumn;
    private final SegmentConnectionProvider connections;
    private final Handoff<Event> events = new Handoff<>(QUEUE_BATCHES, () -> this.cancelReason != null);
    private final Map<SegmentId, SQLiteConnection> running = new ConcurrentHashMap<>();
    private volatile String cancelReason;

    private long deadline;
    private long timeoutMillis;
    private int remaining;
    private List<Column> columns;
    private SegmentId columnsFrom;
    private Batch current;
    private int positionInBatch;
    private long rowsRead;
    private boolean finished;

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
     * Starts at most {@code maxParallel} tasks on {@code pool}, each scanning segments until none is left;
     * the whole scan must finish within {@code timeoutMillis}. A scan never has more tasks than that, so
     * several scans read by one thread (a join of two tables, say) cannot starve each other of threads as
     * long as the pool can grow to hold them.
     */
    @Override
    public void start(Executor pool, long timeoutMillis, int maxParallel) {
        this.timeoutMillis = timeoutMillis;
        this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.remaining = segments.size();
        Queue<SegmentId> pending = new ConcurrentLinkedQueue<>(segments);
        int tasks = Math.min(Math.max(1, maxParallel), segments.size());
        for (int i = 0; i < tasks; i++) {
            pool.execute(() -> {
                for (SegmentId segment = pending.poll(); segment != null; segment = pending.poll()) {
                    scan(segment);
                }
            });
        }
        if (remaining == 0) {
            columns = List.of();
        }
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
        while (current == null || positionInBatch == current.rows().size()) {
            current = null;
            if (!await()) return null;
        }
        Object[] row = current.rows().get(positionInBatch++);
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
        if (cancelReason == null) cancelReason = reason;
        // Under the lock a segment task takes to hand its connection back, so that a connection is never
        // interrupted once it may belong to another query.
        synchronized (running) {
            for (SQLiteConnection connection : running.values()) SqliteConnections.interrupt(connection);
        }
    }

    @Override
    public void close() {
        if (!finished) cancel("the reader stopped early");
    }

    /** Takes the next event into the reader's state; answers false when every segment has finished. */
    private boolean await() throws ScanException {
        while (remaining > 0) {
            Event event;
            try {
                event = events.poll(deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel("interrupted");
                throw fail(new ScanException(ScanException.Kind.CANCELLED, null, "the scan was interrupted", e));
            }
            if (event == null) {
                List<String> still = running.keySet().stream().map(SegmentId::value).sorted().toList();
                cancel("timed out");
                throw fail(new ScanException(ScanException.Kind.TIMEOUT, still.size() == 1 ? still.get(0) : null,
                        "query timed out after " + timeoutMillis + " ms; still running on segment(s) " + String.join(", ", still)
                                + "; narrow the query or raise its timeout", null));
            }
            if (event instanceof Failed failed) {
                cancel("segment " + failed.error().segment() + " failed");
                throw fail(failed.error());
            }
            List<Column> eventColumns = event instanceof Batch b ? b.columns() : ((Done) event).columns();
            SegmentId eventSegment = event instanceof Batch b ? b.segment() : ((Done) event).segment();
            checkColumns(eventSegment, eventColumns);
            if (event instanceof Batch batch) {
                current = batch;
                positionInBatch = 0;
                return true;
            }
            remaining--;
        }
        finished = true;
        return false;
    }

    private void checkColumns(SegmentId segment, List<Column> eventColumns) throws ScanException {
        if (columns == null) {
            columns = eventColumns;
            columnsFrom = segment;
        } else if (!names(columns).equals(names(eventColumns))) {
            cancel("column mismatch");
            throw fail(new ScanException(ScanException.Kind.COLUMN_MISMATCH, segment.value(),
                    "segments " + columnsFrom + " and " + segment + " answer different columns for this query ("
                            + names(columns) + " vs " + names(eventColumns) + "); their schemas differ", null));
        }
    }

    private ScanException fail(ScanException error) {
        finished = true;
        return error;
    }

    private void scan(SegmentId segment) {
        if (cancelReason != null) {
            offer(new Failed(cancelled(segment)));
            return;
        }
        SQLiteConnection connection = null;
        boolean reusable = true;
        try {
            connection = connections.borrow(segment);
            running.put(segment, connection);
            // An interrupt finds nothing to stop until the statement starts; this stop cannot be missed.
            SqliteConnections.stopWhen(connection, () -> cancelReason != null);
            if (cancelReason != null) throw cancelled(segment);
            try (PreparedStatement prepared = connection.prepareStatement(sql)) {
                ParameterBinding.bind(prepared, params);
                // execute(), not executeQuery(): sqlite-jdbc refuses a statement without result columns before
                // SQLite sees it, and SQLite's own verdict (read-only, say) is the one worth reporting.
                if (!prepared.execute()) {
                    throw new ScanException(ScanException.Kind.NOT_A_QUERY, segment.value(),
                            "the statement returns no rows; only queries are run here", null);
                }
                try (ResultSet rows = prepared.getResultSet()) {
                    List<Column> resultColumns = ResultRows.columns(rows.getMetaData());
                    int width = resultColumns.size();
                    List<Object[]> batch = new ArrayList<>(BATCH_ROWS);
                    while (rows.next()) {
                        batch.add(ResultRows.current(rows, width));
                        if (batch.size() == BATCH_ROWS) {
                            if (!offer(new Batch(segment, resultColumns, batch))) return;
                            batch = new ArrayList<>(BATCH_ROWS);
                        }
                    }
                    if (!batch.isEmpty() && !offer(new Batch(segment, resultColumns, batch))) return;
                    offer(new Done(segment, resultColumns));
                }
            }
        } catch (SQLException e) {
            offer(new Failed(cancelReason != null ? cancelled(segment)
                    : new ScanException(ScanException.Kind.SQL, segment.value(), e.getMessage(), e)));
        } catch (ScanException e) {
            offer(new Failed(e));
        } catch (RuntimeException e) {
            reusable = false;
            offer(new Failed(new ScanException(ScanException.Kind.INTERNAL, segment.value(), "segment " + segment + ": " + e, e)));
        } finally {
            synchronized (running) {
                running.remove(segment);
            }
            if (connection != null) connections.release(segment, connection, SqliteConnections.clearStop(connection) && reusable);
        }
    }

    /** Hands an event to the reader, giving up when the scan was cancelled meanwhile. */
    private boolean offer(Event event) {
        return events.offer(event);
    }


    private ScanException cancelled(SegmentId segment) {
        return new ScanException(ScanException.Kind.CANCELLED, segment.value(), "query on segment " + segment + " stopped: " + cancelReason, null);
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }
}
