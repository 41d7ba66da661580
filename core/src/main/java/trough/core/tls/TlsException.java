package trough.core.tls;

/** A certificate, key or keystore that cannot be used; the message names the file. */
public final class TlsException extends RuntimeException {
    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
