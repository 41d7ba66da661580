package trough.core.client;

/** A query over segments that failed; the message names the segment or worker and what to do next. */
public final class TroughQueryException extends RuntimeException {
    public TroughQueryException(String message) {
        super(message);
    }

    public TroughQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
