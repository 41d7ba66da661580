package trough.core.schema;

/** A schema whose name or DDL was refused; for DDL the message carries SQLite's own words. */
public final class InvalidSchemaException extends IllegalArgumentException {
    public InvalidSchemaException(String message) {
        super(message);
    }
}
