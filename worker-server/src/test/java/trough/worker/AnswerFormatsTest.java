package trough.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import trough.core.api.QueryRequest;
import trough.core.client.QueryResponse;
import trough.core.segment.SegmentId;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqliteConnections;
import trough.core.wire.Column;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnswerFormatsTest {
    static final String[] SEGMENTS = {"m1", "m2", "m3"};
    TestWorker worker;

    @BeforeAll
    void start(@TempDir Path dir) {
        worker = TestWorker.start(dir);
        // "v" has no declared type, so it holds every storage class, as SQLite allows.
        worker.segments("mixed", "CREATE TABLE m (id INTEGER PRIMARY KEY, v, note TEXT)", SEGMENTS);
        Random random = new Random(3);
        for (String segment : SEGMENTS) {
            StringBuilder sql = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                sql.append("INSERT INTO m (v, note) VALUES (").append(literal(random)).append(", ")
                        .append(random.nextInt(4) == 0 ? "NULL" : "'n" + random.nextInt(50) + "é'").append(");");
            }
            worker.write(segment, sql.toString());
        }
    }

    @AfterAll
    void stop() {
        worker.close();
    }

    private static String literal(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "NULL";
            case 1 -> Long.toString(random.nextLong() >> random.nextInt(64));
            case 2 -> Double.toString(random.nextGaussian() * 1e6);
            case 3 -> "'t" + random.nextInt(100) + "''q'";
            default -> "x'" + Long.toHexString(random.nextLong() | Long.MIN_VALUE) + "'";
        };
    }

    @Test
    void jsonAndBinaryAnswersAgreeOnValuesAndTypes() throws Exception {
        Map<String, Integer> seenTypes = new HashMap<>();
        for (String segment : SEGMENTS) {
            compareFormats(segment, seenTypes);
        }
        assertEquals(5, seenTypes.size(), "every storage class appears: " + seenTypes);
    }

    private void compareFormats(String segment, Map<String, Integer> seenTypes) throws Exception {
        String sql = "SELECT id, v, typeof(v) AS type, note FROM m ORDER BY id";
        List<Object[]> binary = binaryRows(sql, segment);
        JsonNode json = worker.query(sql, segment).json();
        assertEquals(binary.size(), json.size());
        for (int r = 0; r < binary.size(); r++) {
            Object[] row = binary.get(r);
            JsonNode object = json.get(r);
            assertEquals((Long) row[0], object.get("id").asLong());
            String type = (String) row[2];
            seenTypes.merge(type, 1, Integer::sum);
            JsonNode v = object.get("v");
            switch (type) {
                case "null" -> assertTrue(row[1] == null && v.isNull());
                case "integer" -> assertTrue(row[1] instanceof Long l && v.isIntegralNumber() && v.asLong() == l, "row " + r);
                case "real" -> assertTrue(row[1] instanceof Double d && v.isFloatingPointNumber() && v.asDouble() == d, "row " + r);
                case "text" -> assertTrue(row[1] instanceof String s && v.isTextual() && v.asText().equals(s), "row " + r);
                case "blob" -> {
                    assertTrue(row[1] instanceof byte[], "row " + r);
                    assertArrayEquals((byte[]) row[1], Base64.getDecoder().decode(v.asText()));
                }
                default -> throw new AssertionError("unexpected type " + type);
            }
            assertEquals(row[3] == null, object.get("note").isNull());
        }
    }

    @Test
    void aQueryOverSeveralSegmentsAnswersTheRowsOfEachSegmentFile() throws Exception {
        String sql = "SELECT note, count(*) AS n, sum(typeof(v) = 'blob') AS blobs FROM m GROUP BY note";
        List<String> actual = new ArrayList<>();
        for (Object[] row : binaryRows(sql, SEGMENTS)) actual.add(java.util.Arrays.deepToString(row));
        List<String> expected = new ArrayList<>();
        for (String segment : SEGMENTS) {
            try (Connection connection = SqliteConnections.openReadOnly(worker.dataDir.resolve(segment + ".sqlite"));
                 Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) expected.add(java.util.Arrays.deepToString(ResultRows.current(rows, 3)));
            }
        }
        assertEquals(expected.stream().sorted().toList(), actual.stream().sorted().toList());
    }

    @Test
    void theSegmentColumnNamesEachRowsSegment() throws Exception {
        try (QueryResponse response = worker.client().query(new QueryRequest("SELECT count(*) AS n FROM m", ids(SEGMENTS), List.of(), true, 0))) {
            assertEquals(List.of("_segment", "n"), response.columns().stream().map(Column::name).toList());
            List<String> seen = new ArrayList<>();
            for (Object[] row = response.next(); row != null; row = response.next()) {
                seen.add((String) row[0]);
                assertEquals(300L, row[1]);
            }
            assertEquals(List.of(SEGMENTS), seen.stream().sorted().toList());
        }
    }

    @Test
    void parametersBindEveryType() throws Exception {
        byte[] blob = {1, 2, 3};
        List<Object> params = List.of(7L, 2.5, "text", Map.of("blob", Base64.getEncoder().encodeToString(blob)));
        try (QueryResponse response = worker.client().query(new QueryRequest(
                "SELECT ? AS i, ? AS r, ? AS t, ? AS b, typeof(?4) AS bt", ids("m1"), params, false, 0))) {
            Object[] row = response.next();
            assertEquals(7L, row[0]);
            assertEquals(2.5, row[1]);
            assertEquals("text", row[2]);
            assertArrayEquals(blob, (byte[]) row[3]);
            assertEquals("blob", row[4]);
        }
    }

    @Test
    void anEmptyResultStillNamesItsColumns() throws Exception {
        try (QueryResponse response = worker.client().query(QueryRequest.of("SELECT id, note FROM m WHERE id < 0", ids(SEGMENTS)))) {
            assertEquals(List.of("id", "note"), response.columns().stream().map(Column::name).toList());
            assertEquals(null, response.next());
        }
        assertEquals("[]", worker.query("SELECT id FROM m WHERE id < 0", SEGMENTS).body().strip());
    }

    private static List<SegmentId> ids(String... segments) {
        return Arrays.stream(segments).map(SegmentId::of).toList();
    }

    private List<Object[]> binaryRows(String sql, String... segments) throws Exception {
        List<Object[]> rows = new ArrayList<>();
        try (QueryResponse response = worker.client().query(QueryRequest.of(sql, ids(segments)))) {
            for (Object[] row = response.next(); row != null; row = response.next()) rows.add(row);
        }
        return rows;
    }
}
