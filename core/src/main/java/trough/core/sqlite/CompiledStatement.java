package trough.core.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

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
}
