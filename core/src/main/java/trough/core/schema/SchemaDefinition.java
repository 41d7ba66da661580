package trough.core.schema;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named set of DDL statements from which segments are created. Construction checks the name only;
 * {@link SchemaValidator} checks that SQLite accepts the DDL.
 */
public record SchemaDefinition(String name, String sql) {
    public static final String NAME_RULE = "a schema name is 1 to 128 characters of A-Z a-z 0-9 . _ -";
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public SchemaDefinition {
        if (name == null || !VALID_NAME.matcher(name).matches()) {
            throw new InvalidSchemaException("invalid schema name '" + name + "': " + NAME_RULE);
        }
        Objects.requireNonNull(sql, "sql");
    }
}
