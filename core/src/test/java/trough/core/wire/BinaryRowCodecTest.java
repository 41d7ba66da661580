package trough.core.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryRowCodecTest {
    private static final List<Column> COLUMNS = List.of(new Column("i", "INTEGER"), new Column("r", "REAL"),
            new Column("t", "TEXT"), new Column("b", "BLOB"), new Column("any", ""));

    @Test
    void roundTripsEveryStorageClassExactly() throws IOException {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {Long.MIN_VALUE, -0.0, "", new byte[0], null});
        rows.add(new Object[] {Long.MAX_VALUE, Double.NaN, "ünïcødé 😀 中文", new byte[] {0, -1, 127}, 1L});
        rows.add(new Object[] {0L, Double.MIN_VALUE, "'\"\\\n", new byte[70_000], "mixed"});
        rows.add(new Object[] {-1L, Double.NEGATIVE_INFINITY, null, null, 2.5});
        assertRowsEqual(rows, roundTrip(rows));
    }

    @Test
    void roundTripsManyRandomRowsAcrossBatches() throws IOException {
        Random random = new Random(7);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Object[] row = new Object[COLUMNS.size()];
            for (int c = 0; c < row.length; c++) row[c] = randomValue(random);
            rows.add(row);
        }
        assertRowsEqual(rows, roundTrip(rows));
    }

    @Test
    void anEmptyResultKeepsItsColumns() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryRowWriter writer = new BinaryRowWriter(out);
        writer.begin(COLUMNS);
        writer.end();
        BinaryRowReader reader = new BinaryRowReader(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(COLUMNS, reader.columns());
        assertNull(reader.next());
    }

    @Test
    void aFailureAfterRowsReachesTheReaderWithItsSegment() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryRowWriter writer = new BinaryRowWriter(out);
        writer.begin(COLUMNS);
        writer.row(new Object[] {1L, 1.0, "a", new byte[] {1}, null});
        writer.fail("job-7", "disk I/O error");
        BinaryRowReader reader = new BinaryRowReader(new ByteArrayInputStream(out.toByteArray()));
        RemoteQueryException e = assertThrows(RemoteQueryException.class, reader::next);
        assertEquals("job-7", e.segment());
        assertEquals("segment job-7: disk I/O error", e.getMessage());
    }

    @Test
    void aStreamCutShortIsAnErrorNotAShortResult() throws IOException {
        List<Object[]> rows = new ArrayList<>();
        for (long i = 0; i < 10_000; i++) rows.add(new Object[] {i, 0.5, "row", new byte[] {2}, null});
        byte[] whole = encode(rows);
        byte[] cut = Arrays.copyOf(whole, whole.length - 3);
        BinaryRowReader reader = new BinaryRowReader(new ByteArrayInputStream(cut));
        assertThrows(EOFException.class, () -> {
            while (reader.next() != null) {
                // read until the cut
            }
        });
    }

    @Test
    void refusesWhatIsNotARowStream() {
        IOException e = assertThrows(IOException.class, () -> new BinaryRowReader(new ByteArrayInputStream("[{\"a\":1}]".getBytes())));
        assertTrue(e.getMessage().contains("not a Trough row stream"), e.getMessage());
    }

    private static Object randomValue(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> random.nextLong() >> random.nextInt(64);
            case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
            case 3 -> "s" + random.nextInt(1000) + (random.nextBoolean() ? "é" : "");
            default -> {
                byte[] bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
                yield bytes;
            }
        };
    }

    private static byte[] encode(List<Object[]> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryRowWriter writer = new BinaryRowWriter(out);
        writer.begin(COLUMNS);
        for (Object[] row : rows) writer.row(row);
        writer.end();
        return out.toByteArray();
    }

    private static List<Object[]> roundTrip(List<Object[]> rows) throws IOException {
        BinaryRowReader reader = new BinaryRowReader(new ByteArrayInputStream(encode(rows)));
        assertEquals(COLUMNS, reader.columns());
        List<Object[]> read = new ArrayList<>();
        for (Object[] row = reader.next(); row != null; row = reader.next()) read.add(row);
        return read;
    }

    static void assertRowsEqual(List<Object[]> expected, List<Object[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < expected.get(r).length; c++) {
                Object e = expected.get(r)[c];
                Object a = actual.get(r)[c];
                if (e instanceof byte[] eb) {
                    assertArrayEquals(eb, (byte[]) a, "row " + r + " column " + c);
                } else if (e instanceof Double ed) {
                    assertEquals(Double.doubleToRawLongBits(ed), Double.doubleToRawLongBits((Double) a), "row " + r + " column " + c);
                } else {
                    assertEquals(e, a, "row " + r + " column " + c);
                }
            }
        }
    }
}
