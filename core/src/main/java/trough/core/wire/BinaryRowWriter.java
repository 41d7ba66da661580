package trough.core.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes rows in the binary format of docs/wire-format.md. Rows are gathered into batches so that the
 * reader gets whole rows per frame and the stream is flushed a batch at a time, not a row at a time.
 */
public final class BinaryRowWriter implements RowWriter {
    public static final String MEDIA_TYPE = "application/vnd.trough.rows";
    private static final int BATCH_BYTES = 64 * 1024;
    private static final int BATCH_ROWS = 4096;

    private final OutputStream out;
    private final VarintBuffer batch = new VarintBuffer();
    private final VarintBuffer frame = new VarintBuffer();
    private int batchRows;
    private long totalRows;

    public BinaryRowWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void begin(List<Column> columns) throws IOException {
        frame.reset();
        frame.write(BinaryFormat.MAGIC);
        frame.write(BinaryFormat.VERSION);
        frame.writeVarint(columns.size());
        for (Column column : columns) {
            frame.writeString(column.name());
            frame.writeString(column.declaredType());
        }
        frame.writeTo(out);
    }

    @Override
    public void row(Object[] values) throws IOException {
        for (Object value : values) {
            writeValue(value);
        }
        batchRows++;
        totalRows++;
        if (batch.size() >= BATCH_BYTES || batchRows >= BATCH_ROWS) {
            flushBatch();
        }
    }

    @Override
    public void end() throws IOException {
        flushBatch();
        frame.reset();
        frame.write(BinaryFormat.FRAME_END);
        frame.writeVarint(totalRows);
        frame.writeTo(out);
        out.flush();
    }

    @Override
    public void fail(String segment, String message) throws IOException {
        // Rows of the failed stream that were already batched are dropped: the reader will throw anyway.
        batch.reset();
        batchRows = 0;
        frame.reset();
        frame.write(BinaryFormat.FRAME_ERROR);
        frame.writeString(segment == null ? "" : segment);
        frame.writeString(message == null ? "" : message);
        frame.writeTo(out);
        out.flush();
    }

    private void writeValue(Object value) {
        if (value == null) {
            batch.write(BinaryFormat.NULL);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            batch.write(BinaryFormat.INTEGER);
            long v = ((Number) value).longValue();
            batch.writeVarint((v << 1) ^ (v >> 63));
        } else if (value instanceof Double || value instanceof Float) {
            batch.write(BinaryFormat.REAL);
            batch.writeLong(Double.doubleToRawLongBits(((Number) value).doubleValue()));
        } else if (value instanceof String s) {
            batch.write(BinaryFormat.TEXT);
            batch.writeLengthPrefixed(s.getBytes(UTF_8));
        } else if (value instanceof byte[] bytes) {
            batch.write(BinaryFormat.BLOB);
            batch.writeLengthPrefixed(bytes);
        } else {
            throw new IllegalArgumentException("not a SQLite value: " + value.getClass().getName());
        }
    }

    private void flushBatch() throws IOException {
        if (batchRows == 0) return;
        frame.reset();
        frame.write(BinaryFormat.FRAME_BATCH);
        frame.writeVarint(batchRows);
        frame.writeTo(out);
        batch.writeTo(out);
        batch.reset();
        batchRows = 0;
        out.flush();
    }

    /** A growable byte buffer with the few encodings the format uses. */
    private static final class VarintBuffer extends ByteArrayOutputStream {
        VarintBuffer() {
            super(BATCH_BYTES + 1024);
        }

        void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            write((int) value);
        }

        void writeLong(long value) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                write((int) (value >>> shift));
            }
        }

        void writeLengthPrefixed(byte[] bytes) {
            writeVarint(bytes.length);
            write(bytes, 0, bytes.length);
        }

        void writeString(String s) {
            writeLengthPrefixed(s.getBytes(UTF_8));
        }

        @Override
        public void write(byte[] bytes) {
            write(bytes, 0, bytes.length);
        }
    }
}
