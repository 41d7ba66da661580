package trough.core.client;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import okhttp3.Response;
import trough.core.segment.SegmentId;
import trough.core.wire.BinaryRowReader;
import trough.core.wire.Column;
import trough.core.wire.RemoteQueryException;

/**
 * The rows of one query, streamed from the worker as they are read. Closing it before the end releases
 * the connection, and the worker stops its work when it sees the client gone.
 */
public final class QueryResponse implements Closeable {
    private final Response response;
    private final BinaryRowReader reader;
    private final String worker;

    QueryResponse(Response response, BinaryRowReader reader, String worker) {
        this.response = response;
        this.reader = reader;
        this.worker = worker;
    }

    /** Segments of the request the worker left out because it does not serve them (see {@link WorkerClient#queryServed}). */
    public List<SegmentId> unserved() {
        String named = response.header(WorkerClient.UNSERVED_HEADER);
        return named == null || named.isBlank() ? List.of() : Arrays.stream(named.split(",")).map(SegmentId::of).toList();
    }

    public List<Column> columns() {
        return reader.columns();
    }

    /** The next row, or null after the last one. */
    public Object[] next() throws WorkerException {
        try {
            return reader.next();
        } catch (RemoteQueryException e) {
            throw new WorkerException(worker, e.segment(), 0, "query_failed", e.getMessage(), e);
        } catch (IOException e) {
            throw new WorkerException(worker, null, 0, "stream_broken", "result stream broke: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        response.close();
    }
}
