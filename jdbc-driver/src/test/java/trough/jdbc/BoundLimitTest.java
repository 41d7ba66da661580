package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/**
 * LIMIT, OFFSET and FETCH bound as parameters, with every setter clients use for them (jOOQ binds a Long);
 * the rows are those SQLite answers for the same query on one database.
 */
class BoundLimitTest {
    @TempDir
    static Path dir;
    static String url;
    static Path oracle;

    @BeforeAll
    static void segments() throws SQLException {
        oracle = dir.resolve("oracle.db");
        try (Connection all = SqliteConnections.openReadWrite(oracle); Statement everything = all.createStatement()) {
            everything.executeUpdate("CREATE TABLE n (i INTEGER)");
            for (int s = 0; s < 3; s++) {
                Path segments = dir.resolve("segments");
                java.nio.file.Files.createDirectories(segments);
                try (Connection c = SqliteConnections.openReadWrite(segments.resolve("s" + s + ".sqlite")); Statement st = c.createStatement()) {
                    st.executeUpdate("CREATE TABLE n (i INTEGER)");
                    for (int i = s; i < 30; i += 3) {
                        st.executeUpdate("INSERT INTO n VALUES (" + i + ")");
                        everything.executeUpdate("INSERT INTO n VALUES (" + i + ")");
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        url = "jdbc:trough:file:" + dir.resolve("segments");
    }

    interface Binder {
        void bind(PreparedStatement statement, int index, int value) throws SQLException;
    }

    static final List<Binder> SETTERS = List.of(
            (s, i, v) -> s.setLong(i, v),
            (s, i, v) -> s.setObject(i, (long) v),
            (s, i, v) -> s.setInt(i, v),
            (s, i, v) -> s.setBigDecimal(i, BigDecimal.valueOf(v)),
            (s, i, v) -> s.setObject(i, BigDecimal.valueOf(v)));

    @Test
    void limitAndOffsetTakeLongsIntsAndDecimals() throws SQLException {
        List<Long> expected = oracle("SELECT i FROM n ORDER BY i LIMIT 4 OFFSET 5");
        for (String sql : List.of("SELECT i FROM n ORDER BY i LIMIT ? OFFSET ?", "SELECT i FROM n ORDER BY i OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            boolean offsetFirst = sql.contains("FETCH");
            for (Binder setter : SETTERS) {
                try (Connection connection = DriverManager.getConnection(url); PreparedStatement statement = connection.prepareStatement(sql)) {
                    setter.bind(statement, offsetFirst ? 2 : 1, 4);
                    setter.bind(statement, offsetFirst ? 1 : 2, 5);
                    assertEquals(expected, values(statement), sql);
                }
            }
        }
    }

    @Test
    void aLimitBeyondAnIntIsADataError() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); PreparedStatement statement = connection.prepareStatement("SELECT i FROM n LIMIT ?")) {
            SQLException e = assertThrows(SQLException.class, () -> statement.setLong(1, 1L << 40));
            assertEquals("22003", e.getSQLState());
            assertEquals("22000", assertThrows(SQLException.class, () -> statement.setBigDecimal(1, new BigDecimal("1.5"))).getSQLState());
        }
    }

    private static List<Long> values(PreparedStatement statement) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) values.add(rows.getLong(1));
        }
        return values;
    }

    private static List<Long> oracle(String sql) throws SQLException {
        try (Connection c = SqliteConnections.openReadOnly(oracle); PreparedStatement statement = c.prepareStatement(sql)) {
            return values(statement);
        }
    }
}
