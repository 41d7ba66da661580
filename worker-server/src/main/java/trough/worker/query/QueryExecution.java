package trough.worker.query;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import trough.core.segment.SegmentId;
import trough.core.sqlite.ResultRows;
import trough.core.wire.Column;
import trough.core.wire.RowWriter;
import trough.worker.WorkerError;
import trough.worker.segment.SegmentConnections;
import trough.worker.segment.SegmentConnections.OpenSegment;
import trough.worker.segment.SqliteErrors;

/**
 * One read request in flight: its statement runs on every requested segment in parallel, and the rows
 * flow through a small bounded queue to the response as they are produced, so memory stays bounded
 * whatever the result size. Cancelling (timeout, the client's cancel, the client gone) interrupts SQLite
 * on every segment still running.
 */
final class QueryExecution {
    private static final int BATCH_ROWS = 512;
    private static final int QUEUE_BATCHES = 16;
    private static final Column SEGMENT_COLUMN = new Column("_segment", "TEXT");

    private sealed interface Event permits Batch, Done, Failed {}

    private record Batch(SegmentId segment, List<Column> columns, List<Object[]> rows) implements Event {}

    private record Done(SegmentId segment, List<Column> columns) implements Event {}

    private record Failed(SegmentId segment, WorkerError error) implements Event {}

    private final ReadStatement statement;
    private final List<Object> params;
    private final List<SegmentId> segments;
    private final boolean segmentColumn;
    private final SegmentConnections connections;
    private final BlockingQueue<Event> events = new ArrayBlockingQueue<>(QUEUE_BATCHES);
    private final Map<SegmentId, OpenSegment> running = new ConcurrentHashMap<>();
    private final AtomicLong rowsSent = new AtomicLong();
    private volatile String cancelReason;

    QueryExecution(ReadStatement statement, List<Object> params, List<SegmentId> segments, boolean segmentColumn,
                   SegmentConnections connections) {
        this.statement = statement;
        this.params = params;
        this.segments = segments;
        this.segmentColumn = segmentColumn;
        this.connections = connections;
    }

    long rowsSent() {
        return rowsSent.get();
    }

    /** Stops the work on every segment; rows already sent stay sent. */
    void cancel(String reason) {
        if (cancelReason == null) cancelReason = reason;
        for (OpenSegment open : running.values()) {
            try {
                open.connection().getDatabase().interrupt();
            } catch (SQLException ignored) {
                // the statement finished meanwhile
            }
        }
    }

    /**
     * Runs the query and writes its rows. A failure before the first row is thrown as a {@link WorkerError},
     * so the client gets a proper status; one after is reported through {@link RowWriter#fail}.
     */
    void run(ExecutorService pool, RowWriter out, long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (SegmentId segment : segments) {
            pool.execute(() -> scan(segment));
        }
        int remaining = segments.size();
        List<Column> columns = null;
        SegmentId columnsFrom = null;
        boolean begun = false;
        try {
            while (remaining > 0) {
                Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (event == null) {
                    String stillRunning = String.join(", ", running.keySet().stream().map(SegmentId::value).sorted().toList());
                    cancel("timed out");
                    WorkerError timeout = new WorkerError(504, "timeout", running.size() == 1 ? stillRunning : null,
                            "query timed out after " + timeoutMillis + " ms; still running on segment(s) " + stillRunning
                                    + "; narrow the query or raise its timeout");
                    if (!begun) throw timeout;
                    out.fail(timeout.segment(), timeout.getMessage());
                    return;
                }
                if (event instanceof Failed failed) {
                    cancel("segment " + failed.segment() + " failed");
                    if (!begun) throw failed.error();
                    out.fail(failed.segment().value(), failed.error().getMessage());
                    return;
                }
                List<Column> eventColumns = event instanceof Batch b ? b.columns() : ((Done) event).columns();
                SegmentId eventSegment = event instanceof Batch b ? b.segment() : ((Done) event).segment();
                if (columns == null) {
                    columns = eventColumns;
                    columnsFrom = eventSegment;
                } else if (!sameNames(columns, eventColumns)) {
                    cancel("column mismatch");
                    WorkerError mismatch = WorkerError.badRequest("column_mismatch", eventSegment.value(),
                            "segments " + columnsFrom + " and " + eventSegment + " answer different columns for this query "
                                    + "(" + names(columns) + " vs " + names(eventColumns) + "); their schemas differ");
                    if (!begun) throw mismatch;
                    out.fail(eventSegment.value(), mismatch.getMessage());
                    return;
                }
                if (event instanceof Batch batch) {
                    if (!begun) {
                        out.begin(withSegmentColumn(columns));
                        begun = true;
                    }
                    for (Object[] row : batch.rows()) {
                        out.row(withSegmentValue(batch.segment(), row));
                    }
                    rowsSent.addAndGet(batch.rows().size());
                } else {
                    remaining--;
                }
            }
            if (!begun) out.begin(withSegmentColumn(columns == null ? List.of() : columns));
            out.end();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel("server shutting down");
            throw new WorkerError(503, "shutting_down", null, "the worker is shutting down; retry on another replica");
        } catch (IOException | RuntimeException e) {
            cancel("client gone or response failed");
            throw e;
        } finally {
            if (remaining > 0 && cancelReason == null) cancel("finished early");
        }
    }

    private void scan(SegmentId segment) {
        if (cancelReason != null) {
            offer(new Failed(segment, cancelledError(segment)));
            return;
        }
        OpenSegment open = null;
        try {
            open = connections.borrowReader(segment);
            running.put(segment, open);
            if (cancelReason != null) throw cancelledError(segment);
            try (PreparedStatement prepared = open.connection().prepareStatement(statement.sql())) {
                ParameterBinding.bind(prepared, params);
                // execute(), not executeQuery(): sqlite-jdbc refuses a statement without result columns before
                // SQLite sees it, and we want SQLite's own verdict (read-only) for WITH ... DELETE and the like.
                if (!prepared.execute()) {
                    throw new WorkerError(403, "not_a_query", segment.value(), "the statement returns no rows; the read path runs queries only");
                }
                try (ResultSet rows = prepared.getResultSet()) {
                    List<Column> columns = ResultRows.columns(rows.getMetaData());
                    int width = columns.size();
                    List<Object[]> batch = new ArrayList<>(BATCH_ROWS);
                    while (rows.next()) {
                        batch.add(ResultRows.current(rows, width));
                        if (batch.size() == BATCH_ROWS) {
                            if (!offer(new Batch(segment, columns, batch))) return;
                            batch = new ArrayList<>(BATCH_ROWS);
                        }
                    }
                    if (!batch.isEmpty() && !offer(new Batch(segment, columns, batch))) return;
                    offer(new Done(segment, columns));
                }
            }
        } catch (SQLException e) {
            offer(new Failed(segment, cancelReason != null ? cancelledError(segment) : SqliteErrors.toWorkerError(e, segment)));
        } catch (WorkerError e) {
            offer(new Failed(segment, e));
        } catch (RuntimeException e) {
            offer(new Failed(segment, new WorkerError(500, "internal", segment.value(), "segment " + segment + ": " + e, e)));
        } finally {
            running.remove(segment);
            if (open != null) connections.release(open);
        }
    }

    /** Hands an event to the response, giving up when the query was cancelled meanwhile. */
    private boolean offer(Event event) {
        try {
            while (!events.offer(event, 100, TimeUnit.MILLISECONDS)) {
                if (cancelReason != null) return false;
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private WorkerError cancelledError(SegmentId segment) {
        return new WorkerError(504, "cancelled", segment.value(), "query on segment " + segment + " stopped: " + cancelReason);
    }

    private List<Column> withSegmentColumn(List<Column> columns) {
        if (!segmentColumn) return columns;
        List<Column> all = new ArrayList<>(columns.size() + 1);
        all.add(SEGMENT_COLUMN);
        all.addAll(columns);
        return all;
    }

    private Object[] withSegmentValue(SegmentId segment, Object[] row) {
        if (!segmentColumn) return row;
        Object[] all = new Object[row.length + 1];
        all[0] = segment.value();
        System.arraycopy(row, 0, all, 1, row.length);
        return all;
    }

    private static boolean sameNames(List<Column> a, List<Column> b) {
        return names(a).equals(names(b));
    }

    private static List<String> names(List<Column> columns) {
        return columns.stream().map(Column::name).toList();
    }
}
