package trough.worker.query;

import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;
import trough.core.scan.RowScan;
import trough.core.scan.ScanException;
import trough.core.segment.SegmentId;
import trough.core.wire.RowWriter;
import trough.worker.WorkerError;
import trough.worker.segment.SqliteErrors;

/**
 * One read request in flight: a {@link RowScan} over the requested segments, written to the response
 * as rows arrive. A failure before the first row is thrown as a {@link WorkerError}, so the client gets a
 * proper status; one after is reported through {@link RowWriter#fail}.
 */
final class QueryExecution {
    private final RowScan scan;
    private final long limit;

    /** {@code limit}: rows to send at most, 0 for all; the scan stops once they are sent. */
    QueryExecution(RowScan scan, long limit) {
        this.scan = scan;
        this.limit = limit;
    }

    long rowsSent() {
        return scan.rowsRead();
    }

    void cancel(String reason) {
        scan.cancel(reason);
    }

    void run(ExecutorService pool, int parallelism, RowWriter out, long timeoutMillis, ResultLimits limits, LongSupplier bytesSent)
            throws IOException {
        scan.start(pool, timeoutMillis, parallelism);
        try (scan) {
            Object[] first;
            try {
                var columns = scan.columns();
                first = scan.next();
                out.begin(columns);
            } catch (ScanException e) {
                throw toWorkerError(e);
            }
            try {
                long sent = 0;
                for (Object[] row = first; row != null; row = limit > 0 && sent == limit ? null : scan.next()) {
                    out.row(row);
                    sent++;
                    String tooLarge = limits.exceeded(sent, bytesSent.getAsLong());
                    if (tooLarge != null) {
                        scan.cancel(tooLarge);
                        out.fail(null, tooLarge);
                        return;
                    }
                }
                out.end();
            } catch (ScanException e) {
                out.fail(e.segment(), toWorkerError(e).getMessage());
            }
        } catch (IOException | RuntimeException e) {
            scan.cancel("the client went away or the response failed");
            throw e;
        }
    }

    static WorkerError toWorkerError(ScanException e) {
        String segment = e.segment();
        return switch (e.kind()) {
            case SQL -> SqliteErrors.toWorkerError(e.sqlCause(), segment == null ? null : SegmentId.of(segment));
            case NOT_A_QUERY -> new WorkerError(403, "not_a_query", segment, e.getMessage());
            case TIMEOUT -> new WorkerError(504, "timeout", segment, e.getMessage());
            case CANCELLED -> new WorkerError(504, "cancelled", segment, e.getMessage());
            case COLUMN_MISMATCH -> WorkerError.badRequest("column_mismatch", segment, e.getMessage());
            case INTERNAL -> new WorkerError(500, "internal", segment, e.getMessage(), e);
        };
    }
}
