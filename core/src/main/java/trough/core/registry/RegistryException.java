package trough.core.registry;

/** The registry could not be read or written; the message names the store and the cause. */
public final class RegistryException extends RuntimeException {
    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
