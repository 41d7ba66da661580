package trough.worker.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import trough.core.api.StatementRows;
import trough.core.api.WriteResult;
import trough.core.api.WritesResult;
import trough.core.registry.Lease;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.StatementRunner;
import trough.sync.log.CopyPosition;
import trough.sync.log.SegmentSnapshot;
import trough.sync.storage.LogConflictException;
import trough.worker.WorkerError;
import trough.worker.segment.SegmentConnections;
import trough.worker.segment.SegmentConnections.OpenSegment;
import trough.worker.segment.SegmentStore;
import trough.worker.segment.SqliteErrors;

/**
 * Runs a body of statements on a segment as one transaction: all of it commits, or none of it does. The
 * answer comes only after the commit is on disk (SQLite's {@code synchronous=FULL}; with replicated durability
 * the WAL is forced by {@link LogShipper}) and, with replicated durability, after the commit's WAL frames are in
 * the segment's change log in durable storage ({@link LogShipper}).
 */
public final class WriteService {
    private final SegmentStore store;
    private final SegmentConnections connections;
    private final ScheduledExecutorService watchdog;
    private final long timeoutMillis;
    private final SharedConnectionGuard guard = new SharedConnectionGuard();
    private final LogShipper shipper;
    private final Supplier<String> workerId;

    public WriteService(SegmentStore store, SegmentConnections connections, ScheduledExecutorService watchdog, long timeoutMillis,
                        LogShipper shipper, Supplier<String> workerId) {
        this.store = store;
        this.connections = connections;
        this.watchdog = watchdog;
        this.timeoutMillis = timeoutMillis;
        this.shipper = shipper;
        this.workerId = workerId;
    }

    /** Runs the write under lease {@code epoch}; it is acknowledged (returns) only once durable. */
    public WriteResult write(SegmentId segment, String sql, long epoch) {
        List<SqlScript.Statement> statements = statementsOf(segment, sql);
        OpenSegment open = borrowWriter(segment);
        try {
            LogShipper.Shipment shipment = begin(segment, epoch);
            long changed = run(segment, open, new Transaction.Script(statements));
            committed(segment, shipment);
            finish(segment, shipment);
            return new WriteResult(segment, statements.size(), changed);
        } finally {
            connections.release(open);
        }
    }

    /**
     * Runs each body as its own transaction, in order, under lease {@code epoch}, as if each were a {@link #write}
     * of its own, but holding the writer throughout: each commit's log record is written while the next
     * transaction runs, and the answer comes once every committed one is durable. The first that fails stops
     * the rest; the answer then says which were written and why that one was not.
     */
    public WritesResult writeEach(SegmentId segment, List<String> bodies, long epoch) {
        if (bodies == null || bodies.isEmpty()) {
            throw WorkerError.badRequest("empty_write", segment.value(), "the request holds no transaction: {\"transactions\": [\"INSERT ...\", ...]}");
        }
        List<Transaction> transactions = new ArrayList<>(bodies.size());
        for (String body : bodies) transactions.add(new Transaction.Script(statementsOf(segment, body)));
        return runEach(segment, transactions, epoch);
    }

    /**
     * Writes rows bound to one statement, in transactions of {@link StatementRows#rowsPerTransaction} rows, as
     * {@link #writeEach} writes its bodies: SQLite binds the values instead of parsing them out of SQL text.
     */
    public WritesResult writeRows(SegmentId segment, StatementRows rows, long epoch) {
        if (rows.rows() == null || rows.rows().isEmpty()) {
            throw WorkerError.badRequest("empty_write", segment.value(), "the request holds no row: {\"statementRows\": {\"statement\": \"INSERT "
                    + "... VALUES (?, ?)\", \"rows\": [[1, \"a\"], ...], \"rowsPerTransaction\": 500}}");
        }
        List<SqlScript.Statement> statements = statementsOf(segment, rows.statement());
        if (statements.size() != 1) {
            throw WorkerError.badRequest("one_statement", segment.value(), "statementRows binds its rows to one statement, not "
                    + statements.size() + ": send the others as transactions of their own");
        }
        List<List<Object[]>> bound;
        try {
            bound = rows.transactions();
        } catch (IllegalArgumentException e) {
            throw WorkerError.badRequest("bad_value", segment.value(), "nothing was written to segment " + segment + ": " + e.getMessage());
        }
        List<Transaction> transactions = new ArrayList<>(bound.size());
        for (List<Object[]> part : bound) transactions.add(new Transaction.BoundRows(statements.get(0), part));
        return runEach(segment, transactions, epoch);
    }

    private WritesResult runEach(SegmentId segment, List<Transaction> transactions, long epoch) {
        OpenSegment open = borrowWriter(segment);
        List<WriteResult> written = new ArrayList<>(transactions.size());
        WritesResult.FailedWrite failed = null;
        try {
            LogShipper.Shipment shipment = begin(segment, epoch);
            try {
                for (Transaction transaction : transactions) {
                    long changed;
                    try {
                        changed = run(segment, open, transaction);
                    } catch (WorkerError e) {
                        failed = new WritesResult.FailedWrite(e.status(), e.kind(), e.getMessage());
                        break;
                    }
                    committed(segment, shipment);
                    written.add(new WriteResult(segment, transaction.statements(), changed));
                }
            } finally {
                finish(segment, shipment);
            }
            return new WritesResult(segment, written, failed);
        } finally {
            connections.release(open);
        }
    }

    private List<SqlScript.Statement> statementsOf(SegmentId segment, String sql) {
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
        return statements;
    }

    private OpenSegment borrowWriter(SegmentId segment) {
        if (!store.exists(segment)) {
            throw WorkerError.notFound("unknown_segment", segment.value(), "segment " + segment
                    + " does not exist on this worker; create it first with POST /v1/segments {\"segment\": ..., \"schema\": ...}");
        }
        try {
            return connections.borrowWriter(segment);
        } catch (SQLException e) {
            throw SqliteErrors.toWorkerError(e, segment);
        }
    }

    /** Runs one transaction on the writer connection; a failure leaves nothing of it written. */
    private long run(SegmentId segment, OpenSegment open, Transaction transaction) {
        WriteTimer timer = new WriteTimer(open, watchdog, timeoutMillis);
        try {
            long changed = transaction.run(open.connection(), guard);
            timer.stop();
            return changed;
        } catch (SharedConnectionGuard.RefusedStatementException e) {
            throw new WorkerError(403, "changes_connection", segment.value(), "nothing was written to segment " + segment + ": " + e.getMessage(), e);
        } catch (SQLException e) {
            if (e.getSuppressed().length > 0) open.markBroken();
            WorkerError error = SqliteErrors.toWorkerError(e, segment);
            throw new WorkerError(error.status(), error.kind(), segment.value(),
                    "nothing was written to segment " + segment + ": " + error.getMessage(), e);
        } finally {
            timer.stop();
        }
    }

    /**
     * Makes what the segment's writer committed so far durable (a just-created segment's first image), with
     * its writer connection held.
     */
    public void makeDurable(SegmentId segment, long epoch) {
        if (!shipper.replicated()) return; // on this disk already, and nothing elsewhere to tell
        withWriter(segment, () -> ship(segment, epoch));
    }

    /**
     * A consistent page-for-page copy of the segment at {@code target}; answers the change-log record it holds.
     * Under a write lease everything committed is shipped first; without one (a segment no log knows) the copy
     * is taken as it is. Writes wait meanwhile (a local file copy).
     */
    public long snapshot(SegmentId segment, Lease lease, Path target) throws IOException {
        try {
            return withWriter(segment, () -> {
                long seq = lease != null ? ship(segment, lease.epoch()) : CopyPosition.of(store.path(segment)).seq();
                SegmentSnapshot.take(store.path(segment), target);
                return seq;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Runs {@code work} holding the segment's writer connection, so no write commits meanwhile. */
    private long withWriter(SegmentId segment, WriterWork work) {
        OpenSegment open;
        try {
            open = connections.borrowWriter(segment);
        } catch (SQLException e) {
            throw SqliteErrors.toWorkerError(e, segment);
        }
        try {
            return work.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            connections.release(open);
        }
    }

    private interface WriterWork {
        long run() throws IOException;
    }

    private long ship(SegmentId segment, long epoch) {
        LogShipper.Shipment shipment = begin(segment, epoch);
        committed(segment, shipment);
        return finish(segment, shipment).seq();
    }

    private LogShipper.Shipment begin(SegmentId segment, long epoch) {
        return durably(segment, () -> shipper.begin(segment, store.path(segment), epoch));
    }

    private void committed(SegmentId segment, LogShipper.Shipment shipment) {
        durably(segment, () -> {
            shipment.committed();
            return null;
        });
    }

    private CopyPosition finish(SegmentId segment, LogShipper.Shipment shipment) {
        return durably(segment, shipment::finish);
    }

    private <T> T durably(SegmentId segment, Shipping<T> step) {
        try {
            return step.run();
        } catch (LogConflictException e) {
            // Another writer appended to the log past this copy: it is no longer the segment's history.
            CopyPosition.forget(store.path(segment));
            throw new WorkerError(409, "stale_lease", segment.value(), "segment " + segment + " was taken over by another worker while "
                    + "worker " + workerId.get() + " wrote it (its change log already has the record this write would be); this write was NOT "
                    + "acknowledged: read the segment again and send the write to its writer", e);
        } catch (IOException e) {
            throw new WorkerError(503, "not_durable", segment.value(), "the write to segment " + segment + " committed on worker " + workerId.get()
                    + " but could not be made durable in storage (" + e.getMessage() + "), so it is NOT acknowledged: its outcome is "
                    + "unknown; check the durable storage, then read the segment before sending it again", e);
        }
    }

    private interface Shipping<T> {
        T run() throws IOException;
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
