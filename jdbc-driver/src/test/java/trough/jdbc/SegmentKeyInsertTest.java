package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;
import trough.core.segment.SegmentKeyFile;
import trough.core.sqlite.SqliteConnections;
import trough.jdbc.spark.CrawlRows;
import trough.jdbc.spark.SparkStyleAppend;

/**
 * INSERT without {@code _segment} into a directory whose segment key is declared beside its files: each row
 * goes to the segment its key column names, through Calcite's INSERT and through the direct batch path alike.
 */
class SegmentKeyInsertTest {
    static final String DDL = "CREATE TABLE crawl_log (url TEXT NOT NULL, size INTEGER, crawl_job_id INTEGER NOT NULL);"
            + "CREATE TABLE notes (crawl_job_id TEXT, note TEXT);"
            + "CREATE TABLE unkeyed (x INTEGER)";

    @TempDir
    Path dir;
    String url;

    @BeforeEach
    void aDirectoryWithItsSegmentKey() throws SQLException {
        try (Connection c = SqliteConnections.openReadWrite(dir.resolve("crawl-job-1.sqlite")); Statement st = c.createStatement()) {
            st.executeUpdate(DDL);
        }
        SegmentKeyFile.write(dir, SegmentKey.of("crawl_job_id", "crawl-job-{crawl_job_id}"));
        url = "jdbc:trough:file:" + dir;
    }

    @Test
    void aSparkStyleAppendLandsEachRowInTheSegmentItsKeyNames() throws SQLException {
        List<Object[]> rows = CrawlRows.of(2500, 5);
        try (Connection connection = DriverManager.getConnection(url)) {
            assertEquals(List.of("url", "size", "crawl_job_id"), SparkStyleAppend.append(connection, "crawl_log", rows));
        }
        assertEquals(CrawlRows.bySegment(rows), storedBySegment(5));
    }

    @Test
    void anInsertThatNamesTheKeyNeedsNoSegment() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("INSERT INTO crawl_log (url, size, crawl_job_id) VALUES ('http://a/', 10, 2)"));
            assertEquals(3, statement.executeUpdate("INSERT INTO crawl_log (url, crawl_job_id) VALUES ('http://b/', 3), ('http://c/', 2), ('http://d/', 1)"));
            assertEquals(2, statement.executeUpdate("INSERT INTO crawl_log (url, crawl_job_id) SELECT url || 'copy', crawl_job_id + 10 FROM crawl_log "
                    + "WHERE crawl_job_id < 3 AND url <> 'http://c/'"));
            try (ResultSet counted = statement.executeQuery("SELECT _segment, count(*) FROM crawl_log GROUP BY _segment ORDER BY 1")) {
                StringBuilder seen = new StringBuilder();
                while (counted.next()) seen.append(counted.getString(1)).append('=').append(counted.getLong(2)).append(' ');
                assertEquals("crawl-job-1=1 crawl-job-11=1 crawl-job-12=1 crawl-job-2=2 crawl-job-3=1 ", seen.toString());
            }
        }
        assertEquals(List.of("http://a/|10|2", "http://c/|NULL|2"), stored("crawl-job-2", "SELECT url || '|' || coalesce(size, 'NULL') || '|' || crawl_job_id FROM crawl_log ORDER BY url"));
    }

    @Test
    void aBatchCalciteMustConvertIsRoutedAsTheDirectOneIs() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO crawl_log (url, crawl_job_id) VALUES (?, ?)")) {
            insert.setString(1, "http://decimal-key/");
            insert.setObject(2, new java.math.BigDecimal("9")); // a decimal for an INTEGER column: Calcite converts it, so the direct path steps aside
            insert.addBatch();
            insert.setString(1, "http://long-key/");
            insert.setLong(2, 9);
            insert.addBatch();
            assertEquals(2, insert.executeBatch().length);
        }
        assertEquals(List.of("http://decimal-key/ integer", "http://long-key/ integer"),
                stored("crawl-job-9", "SELECT url || ' ' || typeof(crawl_job_id) FROM crawl_log ORDER BY url"));
    }

    @Test
    void aRowWhoseKeyNamesNoValidSegmentIsRefusedNamingTheRowAndTheRule() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            String nullKey = message(assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "INSERT INTO crawl_log (url, crawl_job_id) VALUES ('http://ok/', 4), ('http://lost/', NULL)")));
            assertTrue(nullKey.contains("row 2 of the INSERT into crawl_log: the segment key crawl_job_id is NULL"), nullKey);
            String badId = message(assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "INSERT INTO notes (crawl_job_id, note) VALUES ('../etc', 'escape')")));
            assertTrue(badId.contains("row 1 of the INSERT into notes: the segment key crawl_job_id = '../etc' makes segment id 'crawl-job-../etc' "
                    + "(crawl-job-{crawl_job_id}), and " + SegmentId.RULE), badId);

            try (PreparedStatement batch = connection.prepareStatement("INSERT INTO crawl_log (url, crawl_job_id) VALUES (?, ?)")) {
                for (int i = 0; i < 3; i++) {
                    batch.setString(1, "http://batch/" + i);
                    if (i == 2) batch.setNull(2, java.sql.Types.BIGINT);
                    else batch.setLong(2, 4);
                    batch.addBatch();
                }
                BatchUpdateException failed = assertThrows(BatchUpdateException.class, batch::executeBatch);
                assertTrue(message(failed).contains("row 3 of the INSERT into crawl_log: the segment key crawl_job_id is NULL"), message(failed));
            }
            String unkeyed = message(assertThrows(SQLException.class, () -> statement.executeUpdate("INSERT INTO unkeyed (x) VALUES (1)")));
            assertTrue(unkeyed.contains("Column '_segment' has no default value"), "a table without the key column still needs _segment: " + unkeyed);
        }
        assertTrue(Files.notExists(dir.resolve("crawl-job-4.sqlite")), "no row of a refused statement or batch was written");
    }

    @Test
    void anInsertNamingSegmentAndKeyMustAgree() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            assertEquals(1, statement.executeUpdate("INSERT INTO crawl_log (_segment, url, crawl_job_id) VALUES ('crawl-job-1', 'http://same/', 1)"));
            String disagree = message(assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "INSERT INTO crawl_log (_segment, url, crawl_job_id) VALUES ('crawl-job-1', 'http://other/', 2)")));
            assertTrue(disagree.contains("row 1 of the INSERT into crawl_log names segment crawl-job-1 in _segment, but its crawl_job_id = 2 "
                    + "belongs in segment crawl-job-2 (crawl-job-{crawl_job_id})"), disagree);
            try (PreparedStatement batch = connection.prepareStatement("INSERT INTO crawl_log (_segment, url, crawl_job_id) VALUES (?, ?, ?)")) {
                batch.setString(1, "crawl-job-1");
                batch.setString(2, "http://batch-other/");
                batch.setLong(3, 2);
                batch.addBatch();
                assertTrue(message(assertThrows(BatchUpdateException.class, batch::executeBatch)).contains("but its crawl_job_id = 2"));
            }
        }
        assertEquals(List.of("http://same/"), stored("crawl-job-1", "SELECT url FROM crawl_log"));
        assertTrue(Files.notExists(dir.resolve("crawl-job-2.sqlite")));
    }

    @Test
    void aBrokenSegmentKeyFileIsRefusedAtConnect() throws Exception {
        Files.writeString(dir.resolve(SegmentKeyFile.FILE_NAME), "segmentKey=crawl_job_id\nsegmentPattern=jobs/{crawl_job_id}\n");
        String refused = message(assertThrows(SQLException.class, () -> DriverManager.getConnection(url)));
        assertTrue(refused.contains(SegmentKeyFile.FILE_NAME + ": invalid segment pattern 'jobs/{crawl_job_id}'"), refused);
    }

    private Map<String, List<String>> storedBySegment(int jobs) throws SQLException {
        Map<String, List<String>> stored = new TreeMap<>();
        for (int job = 1; job <= jobs; job++) {
            stored.put("crawl-job-" + job, stored("crawl-job-" + job, CrawlRows.READ_BACK));
        }
        return stored;
    }

    private List<String> stored(String segment, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = SqliteConnections.openReadOnly(dir.resolve(segment + ".sqlite")); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery(sql)) {
            while (rows.next()) values.add(rows.getString(1));
        }
        return values;
    }

    private static String message(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) text.append(t.getMessage()).append(" / ");
        return text.toString();
    }
}
