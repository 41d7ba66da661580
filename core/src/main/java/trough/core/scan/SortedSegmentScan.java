package trough.core.scan;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import trough.core.order.SortKey;
import trough.core.order.SortedMerge;
import trough.core.order.SqliteOrder;
import trough.core.segment.SegmentId;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqliteConnections;
import trough.core.sqlite.StatementCache;
import trough.core.wire.Column;

/**
 * One ordered query run on many segments, read as one stream in that order: each segment runs the query
 * (its ORDER BY) on a pool thread, which is where SQLite does the sorting, and the reader then merges the
 * segments' open cursors with SQLite's ordering ({@link SqliteOrder}), stepping each only as far as the
 * merged stream needs. Nothing is buffered beyond one row per segment, so the first rows leave before the
 * last are read, and a reader that stops early (a LIMIT) leaves the rest unread. Each segment holds a
 * connection until the scan ends, which is why one scan takes at most {@value #MAX_SEGMENTS} segments.
 */
public final class SortedSegmentScan implements RowScan {
    /** Segments one sorted scan may hold open at once; callers split larger sets and merge the scans. */
    public static final int MAX_SEGMENTS = 32;

    /** A segment's open result; {@code failed} once a read of it failed, so that its statement is not kept. */
    private record Cursor(SegmentId segment, SQLiteConnection connection, StatementCache statements, ResultSet rows,
                          List<Column> columns, AtomicBoolean failed) {}

    private final String sql;
    private final List<?> params;
    private final List<SegmentId> segments;
    private final boolean segmentColumn;
    private final List<SortKey> keys;
    private final SqliteOrder order;
    private final SegmentConnectionProvider connections;
    /** Hands each segment's open cursor to the reader. */
    private final ParallelReader<Cursor, ScanException> reader;
    /** Every connection borrowed and not yet given back; the lock that orders cancels and hand-backs. */
    private final List<Cursor> held = new ArrayList<>();
    private final List<SQLiteConnection> opening = new ArrayList<>();
    private boolean closed;

    private List<Column> columns;
    private SortedMerge<ScanException> merge;
    private long rowsRead;

    /**
     * @param keys          the fragment's ORDER BY, by position in its rows (without {@code _segment})
     * @param segmentColumn when true, each row starts with a {@code _segment} column naming its segment
     */
    public SortedSegmentScan(String sql, List<?> params, List<SegmentId> segments, List<SortKey> keys, boolean segmentColumn,
                             SegmentConnectionProvider connections) {
        if (segments.size() > MAX_SEGMENTS) {
            throw new IllegalArgumentException("an ordered read takes at most " + MAX_SEGMENTS + " segments, not " + segments.size()
                    + "; send the others in further requests and merge the answers");
        }
        this.sql = sql;
        this.params = params;
        this.segments = List.copyOf(segments);
        this.segmentColumn = segmentColumn;
        this.keys = List.copyOf(keys);
        this.order = new SqliteOrder(segmentColumn ? shifted(keys) : keys);
        this.connections = connections;
        this.reader = new ParallelReader<>(segments.size(), new SortedFailures(), reason -> interruptHeld());
    }

    @Override
    public void start(Executor pool, long timeoutMillis, int maxParallel) {
        reader.start(timeoutMillis);
        Queue<SegmentId> pending = new ConcurrentLinkedQueue<>(segments);
        int tasks = Math.min(Math.max(1, maxParallel), segments.size());
        for (int i = 0; i < tasks; i++) {
            reader.submit(pool, "a segment scan", () -> {
                for (SegmentId segment = pending.poll(); segment != null; segment = pending.poll()) {
                    open(segment);
                }
            });
        }
        reader.sealed();
    }

    @Override
    public List<Column> columns() throws ScanException {
        if (columns != null) return segmentColumn ? SegmentColumn.prepend(columns) : columns;
        List<Cursor> opened = new ArrayList<>(segments.size());
        for (Cursor cursor = reader.take(); cursor != null; cursor = reader.take()) {
            if (!opened.isEmpty() && !names(opened.get(0).columns()).equals(names(cursor.columns()))) {
                cancel("column mismatch");
                throw new ScanException(ScanException.Kind.COLUMN_MISMATCH, cursor.segment().value(),
                        "segments " + opened.get(0).segment() + " and " + cursor.segment() + " answer different columns for this query ("
                                + names(opened.get(0).columns()) + " vs " + names(cursor.columns()) + "); their schemas differ", null);
            }
            opened.add(cursor);
        }
        // In the order of the request, so that equal rows come in the same order on every run.
        opened.sort((a, b) -> Integer.compare(segments.indexOf(a.segment()), segments.indexOf(b.segment())));
        columns = opened.isEmpty() ? List.of() : opened.get(0).columns();
        for (SortKey key : keys) {
            if (!opened.isEmpty() && key.column() >= columns.size()) {
                cancel("order column out of range");
                SQLiteException outOfRange = new SQLiteException("order column " + key.column() + " is out of range: the query answers "
                        + columns.size() + " column(s), counted from 0", SQLiteErrorCode.SQLITE_RANGE);
                throw new ScanException(ScanException.Kind.SQL, null, outOfRange.getMessage(), outOfRange);
            }
        }
        merge = new SortedMerge<>(opened.stream().map(this::stream).toList(), order);
        return segmentColumn ? SegmentColumn.prepend(columns) : columns;
    }

    @Override
    public Object[] next() throws ScanException {
        if (merge == null) columns();
        reader.checkDeadline();
        Object[] row = merge.next();
        if (row != null) rowsRead++;
        return row;
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public void cancel(String reason) {
        reader.cancel(reason);
    }

    private void interruptHeld() {
        synchronized (held) {
            for (Cursor cursor : held) SqliteConnections.interrupt(cursor.connection());
            for (SQLiteConnection connection : opening) SqliteConnections.interrupt(connection);
        }
    }

    /** Closes every cursor and gives its connection back; segments still opening close theirs when done. */
    @Override
    public void close() {
        cancel("the reader stopped");
        List<Cursor> cursors;
        synchronized (held) {
            closed = true;
            cursors = new ArrayList<>(held);
            held.clear();
        }
        for (Cursor cursor : cursors) release(cursor);
    }

    /** Opens the segment's cursor and hands it to the reader, or tells it why it could not. */
    private void open(SegmentId segment) {
        if (reader.cancelReason() != null) {
            reader.fail("segment " + segment + " failed", cancelled(segment));
            return;
        }
        SQLiteConnection connection = null;
        StatementCache statements = null;
        ResultSet rows = null;
        try {
            connection = connections.borrow(segment);
            synchronized (held) {
                opening.add(connection);
            }
            // An interrupt finds nothing to stop until the statement starts; this stop cannot be missed.
            SqliteConnections.stopWhen(connection, () -> reader.cancelReason() != null);
            if (reader.cancelReason() != null) throw cancelled(segment);
            statements = connections.statements(connection);
            rows = statements.query(sql, statement -> ParameterBinding.bind(statement, params));
            if (rows == null) {
                throw ScanException.notAQuery(segment);
            }
            Cursor cursor = new Cursor(segment, connection, statements, rows, ResultRows.columns(rows.getMetaData()), new AtomicBoolean());
            boolean kept;
            synchronized (held) {
                opening.remove(connection);
                kept = !closed;
                if (kept) held.add(cursor);
            }
            rows = null; // the cursor's now
            if (kept) {
                reader.hand(cursor);
                return;
            }
            release(cursor);
            reader.fail("segment " + segment + " failed", cancelled(segment));
        } catch (SQLException | ScanException | RuntimeException e) {
            if (rows != null) statements.done(sql, rows, false);
            if (connection != null) {
                synchronized (held) {
                    opening.remove(connection);
                }
                connections.release(segment, connection, SqliteConnections.clearStop(connection) && !(e instanceof RuntimeException));
            }
            reader.fail("segment " + segment + " failed", failure(segment, e));
        }
    }

    private SortedMerge.Stream<ScanException> stream(Cursor cursor) {
        int width = cursor.columns().size();
        return () -> {
            try {
                if (!cursor.rows().next()) return null;
                Object[] row = ResultRows.current(cursor.rows(), width);
                return segmentColumn ? SegmentColumn.prepend(cursor.segment(), row) : row;
            } catch (SQLException e) {
                cursor.failed().set(true);
                if (reader.cancelReason() != null) throw cancelled(cursor.segment());
                throw new ScanException(ScanException.Kind.SQL, cursor.segment().value(), e.getMessage(), e);
            }
        };
    }

    private ScanException failure(SegmentId segment, Exception e) {
        if (e instanceof ScanException scan) return scan;
        if (e instanceof SQLException sql) {
            return reader.cancelReason() != null ? cancelled(segment) : new ScanException(ScanException.Kind.SQL, segment.value(), sql.getMessage(), sql);
        }
        return new ScanException(ScanException.Kind.INTERNAL, segment.value(), "segment " + segment + ": " + e, e);
    }

    private ScanException cancelled(SegmentId segment) {
        return ScanException.stopped(segment, reader.cancelReason(), null);
    }

    private void release(Cursor cursor) {
        cursor.statements().done(sql, cursor.rows(), !cursor.failed().get());
        connections.release(cursor.segment(), cursor.connection(), SqliteConnections.clearStop(cursor.connection()));
    }

    private static List<SortKey> shifted(List<SortKey> keys) {
        return keys.stream().map(k -> new SortKey(k.column() + 1, k.descending(), k.nullsFirst())).toList();
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }

    /** The reader's own failures, naming the request's segments. */
    private final class SortedFailures implements ParallelReader.Failures<ScanException> {
        @Override
        public ScanException timedOut(long timeoutMillis) {
            List<String> open = segments.stream().map(SegmentId::value).toList();
            return new ScanException(ScanException.Kind.TIMEOUT, open.size() == 1 ? open.get(0) : null,
                    "query timed out after " + timeoutMillis + " ms on segment(s) " + String.join(", ", open)
                            + "; narrow the query or raise its timeout", null);
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
