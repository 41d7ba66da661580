package trough.worker.segment;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trough.core.registry.Registry;
import trough.core.schema.SchemaDefinition;
import trough.core.schema.SchemaValidator;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;
import trough.core.sqlite.StatementRunner;

/**
 * Schemas for segment files that came without one (dropped into the data directory, or a directory of the
 * original Trough's segments), derived from each file's own DDL so that SQL clients see their tables. Files
 * whose DDL is the same, statement for statement as SQLite stored it, share a schema: a registered one with
 * that DDL, else one registered here, named after the file's first table (in name order) and numbered when
 * the name is taken ({@code pages}, {@code pages-2}).
 */
final class DerivedSchemas {
    private final Registry registry;
    /** Each registered schema's DDL as SQLite stores it, by schema name. */
    private final Map<String, List<String>> known = new LinkedHashMap<>();

    DerivedSchemas(Registry registry) {
        this.registry = registry;
        for (SchemaDefinition schema : registry.schemas()) {
            try (Connection connection = SqliteConnections.openInMemory()) {
                StatementRunner.run(connection, SqlScript.split(schema.sql()));
                known.put(schema.name(), SqliteConnections.schemaStatements(connection));
            } catch (SQLException e) {
                // A schema SQLite no longer accepts matches no file; it is reported where it is used, not here.
            }
        }
    }

    /**
     * The name of the schema for a file holding these tables (names in name order) and DDL statements,
     * registering it when no schema has that DDL yet.
     */
    String schemaFor(List<String> tables, List<String> statements) {
        for (Map.Entry<String, List<String>> schema : known.entrySet()) {
            if (schema.getValue().equals(statements)) return schema.getKey();
        }
        String base = schemaName(tables.get(0));
        String name = base;
        for (int n = 2; known.containsKey(name) || registry.schema(name).isPresent(); n++) name = base + "-" + n;
        registry.putSchema(SchemaValidator.validate(name, String.join(";\n", statements)));
        known.put(name, statements);
        return name;
    }

    /** A table name as a schema name: characters a schema name cannot have become '_'. */
    private static String schemaName(String table) {
        String name = table.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.length() > 100 ? name.substring(0, 100) : name;
    }
}
