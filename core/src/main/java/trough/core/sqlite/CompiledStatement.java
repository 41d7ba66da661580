package trough.core.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What SQLite itself says a statement will do, read from the program it compiles the statement to
 * ({@code EXPLAIN}): the answer comes from SQLite's parser and name resolution, not from matching words.
 */
public final class CompiledStatement {
    /** SQLite's number for the TEMP database of every connection. */
    private static final int TEMP_DATABASE = 1;

    private CompiledStatement() {}

    /**
     * True when the statement opens a write transaction on the connection's TEMP database: it creates,
     * changes or drops a TEMP table, view, index or trigger, objects that live on the connection rather
     * than in the file. ({@code OP_Transaction} P1 is the database, P2 non-zero a write.)
     */
    public static boolean writesTempDatabase(Connection connection, String sql) throws SQLException {
        try (var explain = connection.prepareStatement("EXPLAIN " + sql); ResultSet program = explain.executeQuery()) {
            while (program.next()) {
                if ("Transaction".equals(program.getString("opcode")) && program.getInt("p1") == TEMP_DATABASE && program.getInt("p2") != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A table by the name of the database holding it ({@code main}, {@code temp} or an attached one) and its own. */
    public record TableName(String database, String table) {}

    /**
     * The tables a read-only statement reads ({@code OP_OpenRead}: P2 is the table's root page, P3 its
     * database), or null when the statement writes anything. SQLite resolves every name, including those of
     * subqueries, CTEs and views, so nothing is missed that a reading of the text would miss.
     */
    public static List<TableName> tablesRead(Connection connection, String sql) throws SQLException {
        Map<Integer, String> databases = new HashMap<>();
        try (Statement list = connection.createStatement(); ResultSet rows = list.executeQuery("PRAGMA database_list")) {
            while (rows.next()) databases.put(rows.getInt("seq"), rows.getString("name"));
        }
        Set<List<Integer>> pages = new LinkedHashSet<>();
        try (var explain = connection.prepareStatement("EXPLAIN " + sql); ResultSet program = explain.executeQuery()) {
            while (program.next()) {
                String opcode = program.getString("opcode");
                if (opcode.equals("OpenWrite") || opcode.equals("Transaction") && program.getInt("p2") != 0) return null;
                if (opcode.equals("OpenRead")) pages.add(List.of(program.getInt("p3"), program.getInt("p2")));
            }
        }
        List<TableName> tables = new ArrayList<>();
        for (List<Integer> page : pages) {
            String database = databases.get(page.get(0));
            if (database == null) continue;
            String schema = database.equals("temp") ? "sqlite_temp_schema" : SqlScript.quoteIdentifier(database) + ".sqlite_schema";
            try (var lookup = connection.prepareStatement("SELECT tbl_name FROM " + schema + " WHERE rootpage = ?")) {
                lookup.setInt(1, page.get(1));
                try (ResultSet rows = lookup.executeQuery()) {
                    if (rows.next()) tables.add(new TableName(database, rows.getString(1)));
                }
            }
        }
        return tables;
    }
}
