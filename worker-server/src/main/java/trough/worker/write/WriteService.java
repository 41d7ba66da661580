package trough.worker.write;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import trough.core.api.WriteResult;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.StatementRunner;
import trough.worker.WorkerError;
import trough.worker.segment.SegmentConnections;
import trough.worker.segment.SegmentConnections.OpenSegment;
import trough.worker.segment.SegmentStore;
import trough.worker.segment.SqliteErrors;

/**
 * Runs a body of statements on a segment as one transaction: all of it commits, or none of it does. The
 * answer comes only after COMMIT returned, and with {@code synchronous=FULL} that means on disk.
 */
public final class WriteService {
    private final SegmentStore store;
    private final SegmentConnections connections;
    private final ScheduledExecutorService watchdog;
    private final long timeoutMillis;
    private final SharedConnectionGuard guard = new SharedConnectionGuard();

    public WriteService(SegmentStore store, SegmentConnections connections, ScheduledExecutorService watchdog, long timeoutMillis) {
        this.store = store;
        this.connections = connections;
        this.watchdog = watchdog;
        this.timeoutMillis = timeoutMillis;
    }

    public WriteResult write(SegmentId segment, String sql) {
        List<SqlScript.Statement> statements = SqlScript.split(sql == null ? "" : sql);
        if (statements.isEmpty()) {
            throw WorkerError.badRequest("empty_write", segment.value(), "the write has no SQL statement");
        }
        for (SqlScript.Statement statement : statements) {
            if (StatementRunner.isTransactionControl(statement)) {
                throw WorkerError.badRequest("transaction_control", segment.value(), statement.leadingKeyword()
                        + " is not allowed in a write: each request already runs as one transaction; split the work into several requests");
            }
        }
        if (!store.exists(segment)) {
            throw WorkerError.notFound("unknown_segment", segment.value(), "segment " + segment
                    + " does not exist on this worker; create it first with POST /v1/segments {\"segment\": ..., \"schema\": ...}");
        }
        OpenSegment open;
        try {
            open = connections.borrowWriter(segment);
        } catch (SQLException e) {
            throw SqliteErrors.toWorkerError(e, segment);
        }
        WriteTimer timer = new WriteTimer(open, watchdog, timeoutMillis);
        try {
            long changed = StatementRunner.runInTransaction(open.connection(), statements, guard);
            return new WriteResult(segment.value(), statements.size(), changed);
        } catch (SharedConnectionGuard.RefusedStatementException e) {
            throw new WorkerError(403, "changes_connection", segment.value(), "nothing was written to segment " + segment + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            if (e.getSuppressed().length > 0) open.markBroken();
            WorkerError error = SqliteErrors.toWorkerError(e, segment);
            throw new WorkerError(error.status(), error.kind(), segment.value(),
                    "nothing was written to segment " + segment + ": " + error.getMessage(), e);
        } finally {
            timer.stop();
            connections.release(open);
        }
    }

    /**
     * Interrupts a write that runs past its timeout. Stopping it and interrupting take one lock, so once
     * {@link #stop} returned the connection can go back to the pool without a late interrupt hitting the next
     * request that borrows it.
     */
    private static final class WriteTimer {
        private final OpenSegment open;
        private final ScheduledFuture<?> task;
        private boolean stopped;

        WriteTimer(OpenSegment open, ScheduledExecutorService watchdog, long timeoutMillis) {
            this.open = open;
            this.task = watchdog.schedule(this::interrupt, timeoutMillis, TimeUnit.MILLISECONDS);
        }

        private synchronized void interrupt() {
            if (stopped) return;
            try {
                open.connection().getDatabase().interrupt();
            } catch (SQLException ignored) {
                // finished meanwhile
            }
        }

        synchronized void stop() {
            stopped = true;
            task.cancel(false);
        }
    }
}
