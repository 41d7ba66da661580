package trough.core.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;

/**
 * A named set of DDL statements from which segments are created, and optionally the {@link SegmentKey} that
 * names each row's segment from one of its columns. Construction checks the name only; {@link SchemaValidator}
 * checks that SQLite accepts the DDL and that the key column is in it.
 *
 * @param segmentKey how rows name their segment without {@code _segment}, or null when they must name it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchemaDefinition(String name, String sql, SegmentKey segmentKey) {
    /** A schema name is a URL path element too, so it follows the segment-id rule ({@link SegmentId#isValid}). */
    public static final String NAME_RULE = "a schema name is 1 to 128 characters of A-Z a-z 0-9 . _ - and is not '.' or '..'";

    public SchemaDefinition {
        if (!SegmentId.isValid(name)) {
            throw new InvalidSchemaException("invalid schema name '" + name + "': " + NAME_RULE);
        }
        Objects.requireNonNull(sql, "sql");
    }

    /** A schema without a segment key. */
    public SchemaDefinition(String name, String sql) {
        this(name, sql, null);
    }

    public SchemaDefinition withSegmentKey(SegmentKey key) {
        return new SchemaDefinition(name, sql, key);
    }
}
