package trough.worker;

import trough.core.api.ErrorBody;

/**
 * A request the worker refuses or could not serve, with the HTTP status and the JSON error body
 * ({@code {error, segment, detail}}) the client receives.
 */
public final class WorkerError extends RuntimeException {
    private final int status;
    private final String kind;
    private final String segment;

    public WorkerError(int status, String kind, String segment, String detail) {
        this(status, kind, segment, detail, null);
    }

    public WorkerError(int status, String kind, String segment, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.kind = kind;
        this.segment = segment;
    }

    public static WorkerError badRequest(String kind, String segment, String detail) {
        return new WorkerError(400, kind, segment, detail);
    }

    public static WorkerError notFound(String kind, String segment, String detail) {
        return new WorkerError(404, kind, segment, detail);
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public String segment() {
        return segment;
    }

    public ErrorBody body() {
        return new ErrorBody(kind, segment, getMessage());
    }
}
