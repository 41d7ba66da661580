package trough.core.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqliteConnectionsTest {
    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void createSegment() throws SQLException {
        file = dir.resolve("s.sqlite");
        try (Connection connection = SqliteConnections.openReadWrite(file); Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
            statement.executeUpdate("CREATE INDEX t_name ON t(name)");
            statement.executeUpdate("INSERT INTO t (name) VALUES ('a'), ('b'), ('c')");
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
    }

    /** Statements that a read-only connection must refuse by itself, whatever gate stands before it. */
    @ParameterizedTest
    @ValueSource(strings = {
            "INSERT INTO t (name) VALUES ('x')",
            "UPDATE t SET name = 'x'",
            "DELETE FROM t",
            "REPLACE INTO t (id, name) VALUES (1, 'x')",
            "CREATE TABLE u (x)",
            "DROP TABLE t",
            "ALTER TABLE t ADD COLUMN y",
            "CREATE TEMP TABLE z (a)",
            "ATTACH ':memory:' AS other",
            "VACUUM",
            "VACUUM INTO 'copy.sqlite'",
            "PRAGMA user_version = 7",
            "ANALYZE",
            "WITH doomed AS (SELECT 1) DELETE FROM t",
            "WITH fresh AS (SELECT 'x') INSERT INTO t (name) SELECT * FROM fresh",
            "SELECT load_extension('/tmp/anything')",
    })
    void readOnlyConnectionRefusesWritesAndLeavesTheFileAlone(String sql) throws Exception {
        byte[] before = digest(file);
        try (Connection connection = SqliteConnections.openReadOnly(file)) {
            assertThrows(SQLException.class, () -> {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.execute();
                }
            }, sql);
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT count(*) FROM t")) {
                assertEquals(3, rows.getInt(1));
            }
        }
        assertArrayEquals(before, digest(file), "segment file changed after: " + sql);
        assertTrue(Files.notExists(dir.resolve("copy.sqlite")));
    }

    private static byte[] digest(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }
}
