package trough.core.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the binary row format as a stream: the header on construction, then one row per {@link #next()}
 * until it answers null. A failure reported by the sender surfaces as {@link RemoteQueryException}; a
 * stream that stops before its end frame is an {@link EOFException}, never a silently short result.
 */
public final class BinaryRowReader implements Closeable {
    private final DataInputStream in;
    private final List<Column> columns;
    private int rowsLeftInBatch;
    private long rowsRead;
    private boolean finished;

    public BinaryRowReader(InputStream input) throws IOException {
        this.in = new DataInputStream(input instanceof BufferedInputStream ? input : new BufferedInputStream(input, 64 * 1024));
        byte[] magic = in.readNBytes(4);
        if (!Arrays.equals(magic, BinaryFormat.MAGIC)) {
            throw new IOException("not a Trough row stream (bad magic " + Arrays.toString(magic) + ")");
        }
        int version = in.readUnsignedByte();
        if (version != BinaryFormat.VERSION) {
            throw new IOException("unsupported Trough row stream version " + version + " (this reader knows " + BinaryFormat.VERSION + ")");
        }
        int count = (int) readVarint();
        List<Column> read = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            read.add(new Column(readString(), readString()));
        }
        this.columns = List.copyOf(read);
    }

    public List<Column> columns() {
        return columns;
    }

    /** The next row, or null after the last one. */
    public Object[] next() throws IOException {
        while (rowsLeftInBatch == 0) {
            if (finished) return null;
            int frame = in.read();
            switch (frame) {
                case BinaryFormat.FRAME_BATCH -> rowsLeftInBatch = (int) readVarint();
                case BinaryFormat.FRAME_END -> {
                    long sent = readVarint();
                    if (sent != rowsRead) {
                        throw new IOException("row stream ended after " + rowsRead + " rows but the sender wrote " + sent);
                    }
                    finished = true;
                    return null;
                }
                case BinaryFormat.FRAME_ERROR -> {
                    String segment = readString();
                    String message = readString();
                    finished = true;
                    throw new RemoteQueryException(segment.isEmpty() ? null : segment, message);
                }
                case -1 -> throw new EOFException("row stream cut off after " + rowsRead + " rows, before its end frame");
                default -> throw new IOException("corrupt row stream: unknown frame type " + frame);
            }
        }
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = readValue();
        }
        rowsLeftInBatch--;
        rowsRead++;
        return row;
    }

    private Object readValue() throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case BinaryFormat.NULL -> null;
            case BinaryFormat.INTEGER -> {
                long zigzag = readVarint();
                yield (zigzag >>> 1) ^ -(zigzag & 1);
            }
            case BinaryFormat.REAL -> Double.longBitsToDouble(in.readLong());
            case BinaryFormat.TEXT -> readString();
            case BinaryFormat.BLOB -> readBytes();
            default -> throw new IOException("corrupt row stream: unknown value tag " + tag);
        };
    }

    private long readVarint() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new IOException("corrupt row stream: varint longer than 64 bits");
    }

    private byte[] readBytes() throws IOException {
        long length = readVarint();
        if (length > Integer.MAX_VALUE - 16) throw new IOException("corrupt row stream: value of " + length + " bytes");
        return in.readNBytes((int) length);
    }

    private String readString() throws IOException {
        return new String(readBytes(), UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
