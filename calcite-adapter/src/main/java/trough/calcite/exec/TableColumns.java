package trough.calcite.exec;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import trough.core.sqlite.SqlScript;

/**
 * Reads a table's shape as SQLite reports it: columns and declared types ({@code pragma_table_info}), primary
 * key, and indexes ({@code pragma_index_list}, {@code pragma_index_info}).
 */
public final class TableColumns {
    private TableColumns() {}

    public static TableShape shape(Connection connection, String table) throws SQLException {
        return new TableShape(table, of(connection, table), primaryKey(connection, table), indexes(connection, table));
    }

    private static List<String> primaryKey(Connection connection, String table) throws SQLException {
        return strings(connection, "SELECT name FROM pragma_table_info(" + SqlScript.quoteLiteral(table) + ") WHERE pk > 0 ORDER BY pk");
    }

    private static List<TableShape.IndexShape> indexes(Connection connection, String table) throws SQLException {
        List<TableShape.IndexShape> indexes = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name, \"unique\" FROM pragma_index_list(" + SqlScript.quoteLiteral(table) + ") ORDER BY name")) {
            while (rows.next()) {
                String index = rows.getString(1);
                List<String> columns = strings(connection, "SELECT name FROM pragma_index_info(" + SqlScript.quoteLiteral(index) + ") ORDER BY seqno");
                indexes.add(new TableShape.IndexShape(index, rows.getInt(2) == 1, columns));
            }
        }
        return indexes;
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) values.add(rows.getString(1));
        }
        return values;
    }

    public static List<TableShape.ColumnShape> of(Connection connection, String table) throws SQLException {
        List<TableShape.ColumnShape> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name, type, dflt_value FROM pragma_table_info(" + SqlScript.quoteLiteral(table) + ")")) {
            while (rows.next()) columns.add(new TableShape.ColumnShape(rows.getString(1), rows.getString(2), rows.getString(3)));
        }
        return columns;
    }
}
