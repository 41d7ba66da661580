package trough.calcite.exec;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import trough.calcite.schema.TableShape;
import trough.core.sqlite.SqlScript;

/** Reads a table's columns and declared types as SQLite reports them ({@code pragma_table_info}). */
public final class TableColumns {
    private TableColumns() {}

    public static List<TableShape.ColumnShape> of(Connection connection, String table) throws SQLException {
        List<TableShape.ColumnShape> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name, type FROM pragma_table_info(" + SqlScript.quoteLiteral(table) + ")")) {
            while (rows.next()) columns.add(new TableShape.ColumnShape(rows.getString(1), rows.getString(2)));
        }
        return columns;
    }
}
