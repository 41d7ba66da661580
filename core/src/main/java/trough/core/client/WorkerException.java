package trough.core.client;

import java.io.IOException;

/**
 * A request to a worker that failed. The message names the worker, the segment when there is one, the
 * HTTP status when the worker answered, and the worker's own explanation.
 */
public final class WorkerException extends IOException {
    private final String worker;
    private final String segment;
    private final int status;
    private final String kind;

    public WorkerException(String worker, String segment, int status, String kind, String detail, Throwable cause) {
        super(describe(worker, segment, status, detail), cause);
        this.worker = worker;
        this.segment = segment;
        this.status = status;
        this.kind = kind;
    }

    private static String describe(String worker, String segment, int status, String detail) {
        StringBuilder message = new StringBuilder("worker ").append(worker);
        if (segment != null) message.append(", segment ").append(segment);
        message.append(": ").append(detail);
        if (status > 0) message.append(" (HTTP ").append(status).append(')');
        return message.toString();
    }

    public String worker() {
        return worker;
    }

    /** The segment concerned, or null. */
    public String segment() {
        return segment;
    }

    /** The HTTP status the worker answered, or 0 when it could not be reached. */
    public int status() {
        return status;
    }

    /** The worker's error kind (such as {@code unknown_segment}), or null when it gave none. */
    public String kind() {
        return kind;
    }

    /**
     * True when another replica might answer: the worker was unreachable, failed on its side, or no longer
     * serves the segment (the cluster map the client read is older than a move).
     */
    public boolean isRetryableElsewhere() {
        return status == 0 || status >= 500 || (status == 404 && "unknown_segment".equals(kind));
    }
}
