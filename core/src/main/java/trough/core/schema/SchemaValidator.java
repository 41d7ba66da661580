package trough.core.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
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
        SchemaDefinition schema = new SchemaDefinition(name, sql);
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
        } catch (SQLException e) {
            throw new InvalidSchemaException("schema '" + name + "' failed validation: " + e.getMessage());
        }
        return schema;
    }
}
