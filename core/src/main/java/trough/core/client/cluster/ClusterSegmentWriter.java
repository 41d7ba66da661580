package trough.core.client.cluster;

import java.util.List;
import trough.core.api.ClusterSegment;
import trough.core.api.StatementRows;
import trough.core.api.WriteResult;
import trough.core.api.WritesRequest;
import trough.core.api.WritesResult;
import trough.core.client.TroughQueryException;
import trough.core.client.WorkerClient;
import trough.core.client.WorkerException;
import trough.core.client.write.PartialWriteException;
import trough.core.client.write.SegmentWriter;
import trough.core.segment.SegmentId;

/**
 * Writes to the worker that holds a segment's writes; a segment that does not exist yet is created from the
 * schema on a worker of the cluster first.
 */
public final class ClusterSegmentWriter implements SegmentWriter {
    private final ClusterConnection cluster;
    private final String schema;

    public ClusterSegmentWriter(ClusterConnection cluster, String schema) {
        this.cluster = cluster;
        this.schema = schema;
    }

    @Override
    public long write(SegmentId segment, String sql) {
        try {
            return writeOnce(segment, sql);
        } catch (TroughQueryException e) {
            // An unreachable worker, or one that no longer holds the segment, wrote nothing: ask the cluster again
            // where the segment's writes go now.
            if (!(e.getCause() instanceof WorkerException failure) || !failure.isRetryableElsewhere() || failure.status() >= 500) throw e;
            cluster.refresh(schema);
            return writeOnce(segment, sql);
        }
    }

    /** Sends the transactions in one request: the worker writes each one's log record while the next runs. */
    @Override
    public long writeEach(SegmentId segment, List<String> transactions) {
        return writeEach(segment, WritesRequest.of(transactions), transactions.size());
    }

    /** Sends the rows in one request, bound by the worker to the statement, in transactions as {@link #writeEach}. */
    @Override
    public long writeRows(SegmentId segment, String statement, List<Object[]> rows, int rowsPerTransaction) {
        return writeEach(segment, WritesRequest.of(StatementRows.of(statement, rows, rowsPerTransaction)),
                (rows.size() + rowsPerTransaction - 1) / rowsPerTransaction);
    }

    private long writeEach(SegmentId segment, WritesRequest request, int transactions) {
        WritesResult result;
        try {
            result = writeEachOnce(segment, request, transactions);
        } catch (TroughQueryException e) {
            // As for one write: nothing was written, so asking the cluster again and resending is safe.
            if (!(e.getCause() instanceof WorkerException failure) || !failure.isRetryableElsewhere() || failure.status() >= 500) throw e;
            cluster.refresh(schema);
            result = writeEachOnce(segment, request, transactions);
        }
        long changed = result.written().stream().mapToLong(WriteResult::rowsChanged).sum();
        if (result.failed() != null) {
            WritesResult.FailedWrite failed = result.failed();
            throw new PartialWriteException(result.written().size(), changed, new TroughQueryException(failed.detail()
                    + " (HTTP " + failed.status() + ", " + failed.error() + "); the " + result.written().size() + " transaction(s) before it were written, "
                    + "nothing after it", null));
        }
        return changed;
    }

    private WritesResult writeEachOnce(SegmentId segment, WritesRequest request, int transactions) {
        return send(segment, "the outcome of these " + transactions + " transactions is unknown (those committed before the failure may be "
                + "stored): read segment " + segment + " before sending them again", (client, epoch) -> {
            WorkerClient.WrittenEach written = client.writeEach(segment, request, epoch);
            return new Sent<>(written.result(), written.epoch());
        });
    }

    private long writeOnce(SegmentId segment, String sql) {
        return send(segment, null, (client, epoch) -> {
            WorkerClient.Written written = client.write(segment, sql, epoch);
            return new Sent<>(written.result().rowsChanged(), written.epoch());
        });
    }

    /** What a worker answered, and the lease epoch it wrote under. */
    private record Sent<T>(T answer, Long epoch) {}

    private interface Sending<T> {
        Sent<T> send(WorkerClient client, Long epoch) throws WorkerException;
    }

    /** {@code unknownOutcome}: what to say of a refusal after the worker began writing, when not "nothing was written". */
    private <T> T send(SegmentId segment, String unknownOutcome, Sending<T> sending) {
        ClusterSegment known = cluster.segments(schema).get(segment);
        String worker = known == null ? null : known.writer() != null ? known.writer()
                : known.replicas().isEmpty() ? null : known.replicas().get(0);
        try {
            if (worker == null) {
                worker = cluster.map().workers().get(0);
                cluster.worker(worker).provision(segment, schema);
                cluster.forget(schema);
            }
            WorkerClient client = cluster.worker(worker);
            Sent<T> sent = sending.send(client, cluster.writeEpoch(segment));
            cluster.wroteUnder(segment, sent.epoch());
            return sent.answer();
        } catch (WorkerException e) {
            if ("stale_lease".equals(e.kind())) {
                cluster.wroteUnder(segment, null);
                cluster.refresh(schema);
                if (unknownOutcome != null) throw new TroughQueryException(e.getMessage() + "; " + unknownOutcome, e);
                throw new TroughQueryException(e.getMessage() + "; nothing was written now: read segment " + segment
                        + " as its new writer serves it, then write again", e);
            }
            if (unknownOutcome != null && e.status() >= 500) throw new TroughQueryException(e.getMessage() + "; " + unknownOutcome, e);
            throw new TroughQueryException(e.getMessage() + "; nothing was written to segment " + segment, e);
        }
    }
}
