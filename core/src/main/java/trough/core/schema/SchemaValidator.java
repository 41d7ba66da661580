package trough.core.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import trough.core.segment.SegmentKey;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;
import trough.core.sqlite.StatementRunner;

/**
 * Checks DDL the only reliable way: by running it on an empty in-memory SQLite database. Whatever SQLite
 * refuses is refused with SQLite's own message.
 */
public final class SchemaValidator {
    private SchemaValidator() {}

    public static SchemaDefinition validate(String name, String sql) {
        return validate(name, sql, null);
    }

    /** Validates the DDL, and that the segment key (or null) is a column of one of its tables. */
    public static SchemaDefinition validate(String name, String sql, SegmentKey key) {
        SchemaDefinition schema = new SchemaDefinition(name, sql, key);
        List<SqlScript.Statement> statements = SqlScript.split(sql);
        if (statements.isEmpty()) {
            throw new InvalidSchemaException("schema '" + name + "' has no SQL: give the CREATE TABLE statements");
        }
        for (SqlScript.Statement statement : statements) {
            if (StatementRunner.isTransactionControl(statement)) {
                throw new InvalidSchemaException("schema '" + name + "' must not contain " + statement.leadingKeyword()
                        + ": a schema is applied in one transaction");
            }
        }
        try (Connection connection = SqliteConnections.openInMemory()) {
            StatementRunner.run(connection, statements);
            if (SqliteConnections.tableNames(connection).isEmpty()) {
                throw new InvalidSchemaException("schema '" + name + "' creates no table");
            }
            if (key != null && !hasColumn(connection, key.column())) {
                throw new InvalidSchemaException("schema '" + name + "' declares segment key " + key.column()
                        + ", but none of its tables " + SqliteConnections.tableNames(connection) + " has that column");
            }
        } catch (SQLException e) {
            throw new InvalidSchemaException("schema '" + name + "' failed validation: " + e.getMessage());
        }
        return schema;
    }

    private static boolean hasColumn(Connection connection, String column) throws SQLException {
        for (String table : SqliteConnections.tableNames(connection)) {
            try (var statement = connection.prepareStatement("SELECT 1 FROM pragma_table_info(?) WHERE lower(name) = ?")) {
                statement.setString(1, table);
                statement.setString(2, column.toLowerCase(Locale.ROOT));
                try (var rows = statement.executeQuery()) {
                    if (rows.next()) return true;
                }
            }
        }
        return false;
    }
}
