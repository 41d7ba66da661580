package trough.core.schema;

import java.util.Objects;
import trough.core.segment.SegmentId;

/**
 * A named set of DDL statements from which segments are created. Construction checks the name only;
 * {@link SchemaValidator} checks that SQLite accepts the DDL.
 */
public record SchemaDefinition(String name, String sql) {
    /** A schema name is a URL path element too, so it follows the segment-id rule ({@link SegmentId#isValid}). */
    public static final String NAME_RULE = "a schema name is 1 to 128 characters of A-Z a-z 0-9 . _ - and is not '.' or '..'";

    public SchemaDefinition {
        if (!SegmentId.isValid(name)) {
            throw new InvalidSchemaException("invalid schema name '" + name + "': " + NAME_RULE);
        }
        Objects.requireNonNull(sql, "sql");
    }
}
