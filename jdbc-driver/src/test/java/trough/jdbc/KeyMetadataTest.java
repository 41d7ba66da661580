package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/** Primary keys and indexes as DBeaver and other tools ask for them, from the DDL of the segments. */
class KeyMetadataTest {
    @TempDir
    Path dir;

    @Test
    void primaryKeysAndIndexesComeFromTheDdl() throws Exception {
        for (String segment : List.of("s1", "s2")) {
            try (Connection file = SqliteConnections.openReadWrite(dir.resolve(segment + ".sqlite")); Statement ddl = file.createStatement()) {
                ddl.executeUpdate("CREATE TABLE keyed (a INTEGER, b TEXT, c REAL, PRIMARY KEY (b, a))");
                ddl.executeUpdate("CREATE UNIQUE INDEX keyed_c ON keyed (c)");
                ddl.executeUpdate("CREATE INDEX keyed_ca ON keyed (c, a)");
                ddl.executeUpdate("CREATE TABLE plain (x)");
            }
        }
        try (Connection connection = DriverManager.getConnection("jdbc:trough:file:" + dir)) {
            DatabaseMetaData meta = connection.getMetaData();
            assertSame(connection, meta.getConnection());
            assertEquals("[main.keyed.a #2 PK, main.keyed.b #1 PK]", rows(meta.getPrimaryKeys(null, "main", "keyed"),
                    r -> r.getString("TABLE_SCHEM") + "." + r.getString("TABLE_NAME") + "." + r.getString("COLUMN_NAME") + " #" + r.getShort("KEY_SEQ") + " PK"));
            assertEquals("[]", rows(meta.getPrimaryKeys(null, "main", "plain"), r -> r.getString("COLUMN_NAME")));
            assertEquals("[]", rows(meta.getPrimaryKeys(null, "main", "nope"), r -> r.getString("COLUMN_NAME")));

            try (ResultSet keys = meta.getPrimaryKeys(null, null, "KEYED")) {
                assertEquals(Types.SMALLINT, keys.getMetaData().getColumnType(5));
                assertEquals("PK_NAME", keys.getMetaData().getColumnLabel(6));
            }

            String indexes = rows(meta.getIndexInfo(null, "main", "keyed", false, true),
                    r -> r.getString("INDEX_NAME") + ":" + r.getShort("ORDINAL_POSITION") + ":" + r.getString("COLUMN_NAME") + (r.getBoolean("NON_UNIQUE") ? "" : " unique"));
            assertEquals("[keyed_c:1:c unique, sqlite_autoindex_keyed_1:1:b unique, sqlite_autoindex_keyed_1:2:a unique, keyed_ca:1:c, keyed_ca:2:a]", indexes);
            String unique = rows(meta.getIndexInfo(null, "main", "keyed", true, true), r -> r.getString("INDEX_NAME"));
            assertFalse(unique.contains("keyed_ca"), unique);

            // Everything else is Calcite's own metadata, unchanged, and the connection still unwraps.
            try (ResultSet tables = meta.getTables(null, "main", "%", null)) {
                assertEquals(true, tables.next());
            }
            assertEquals("main", connection.unwrap(CalciteConnection.class).getSchema());
        }
    }

    private interface Row {
        String show(ResultSet rows) throws Exception;
    }

    private static String rows(ResultSet rows, Row row) throws Exception {
        List<String> shown = new ArrayList<>();
        try (rows) {
            while (rows.next()) shown.add(row.show(rows));
        }
        return shown.toString();
    }
}
