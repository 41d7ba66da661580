package trough.tools.admin;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import trough.core.sqlite.SqlScript;

/**
 * Tables and their CREATE statements as SQLite stores them: read from a segment, or from a schema's DDL
 * run on an empty in-memory database (SQLite parses DDL; nothing here does).
 */
public final class TableDefinitions {
    private TableDefinitions() {}

    /** The tables a schema's DDL creates, in name order. */
    public static List<String> names(String ddl) {
        try (Connection memory = fromDdl(ddl); Statement statement = memory.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            List<String> names = new ArrayList<>();
            while (rows.next()) names.add(rows.getString(1));
            return names;
        } catch (SQLException e) {
            throw new TargetException("the schema's DDL does not run on SQLite: " + e.getMessage(), e);
        }
    }

    /** The columns of {@code table} in a schema's DDL, in order, or null when it has no such table. */
    public static List<String> columns(String ddl, String table) {
        try (Connection memory = fromDdl(ddl); PreparedStatement statement = memory.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
            statement.setString(1, table);
            List<String> columns = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) columns.add(rows.getString(1));
            }
            return columns.isEmpty() ? null : columns;
        } catch (SQLException e) {
            throw new TargetException("the schema's DDL does not run on SQLite: " + e.getMessage(), e);
        }
    }

    /** The CREATE statements of {@code table} and its indexes in a schema's DDL, or null when it has no such table. */
    public static String create(String ddl, String table) {
        try (Connection memory = fromDdl(ddl)) {
            return create(memory, table);
        } catch (SQLException e) {
            throw new TargetException("the schema's DDL does not run on SQLite: " + e.getMessage(), e);
        }
    }

    /** The CREATE statements of {@code table} and its indexes in the database, or null when it has no such table. */
    public static String create(Connection database, String table) throws SQLException {
        try (PreparedStatement statement = database.prepareStatement(
                "SELECT sql FROM sqlite_master WHERE tbl_name = ? COLLATE NOCASE AND sql IS NOT NULL ORDER BY type = 'index', name")) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                StringBuilder all = new StringBuilder();
                while (rows.next()) all.append(rows.getString(1)).append(";\n");
                return all.isEmpty() ? null : all.toString().stripTrailing();
            }
        }
    }

    private static Connection fromDdl(String ddl) throws SQLException {
        Connection memory = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement statement = memory.createStatement()) {
            for (SqlScript.Statement part : SqlScript.split(ddl)) statement.execute(part.sql());
        } catch (SQLException e) {
            memory.close();
            throw e;
        }
        return memory;
    }
}
