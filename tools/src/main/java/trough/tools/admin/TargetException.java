package trough.tools.admin;

/** Something the target refused or could not do, said in one line with what to do about it. */
public final class TargetException extends RuntimeException {
    public TargetException(String message, Throwable cause) {
        super(message, cause);
    }

    public TargetException(String message) {
        super(message);
    }
}
