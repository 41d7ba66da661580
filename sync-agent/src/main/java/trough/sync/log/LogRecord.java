package trough.sync.log;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * One entry of a segment's change log: either the whole database file ({@link Kind#IMAGE}) or the WAL frames
 * of the transactions one write committed ({@link Kind#FRAMES}). Both are physical: replaying them in order
 * rebuilds the writer's file page for page, so nothing a statement computed (random(), the time, rowids) can
 * come out differently on another machine.
 *
 * <p>Stored as: "TRLG", format version, kind, page size, sequence number, writer's lease epoch, payload length,
 * payload, CRC-32C of all before it. A record whose checksum fails was never completely written, so was
 * never acknowledged.
 */
public record LogRecord(long seq, Kind kind, int pageSize, long epoch, byte[] payload) {
    private static final int MAGIC = 0x54524c47; // "TRLG"
    private static final int VERSION = 1;

    public enum Kind { IMAGE, FRAMES }

    public void writeTo(OutputStream out) throws IOException {
        CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32C());
        DataOutputStream data = new DataOutputStream(checked);
        data.writeInt(MAGIC);
        data.writeByte(VERSION);
        data.writeByte(kind.ordinal());
        data.writeInt(pageSize);
        data.writeLong(seq);
        data.writeLong(epoch);
        data.writeLong(payload.length);
        data.write(payload);
        data.flush();
        new DataOutputStream(out).writeInt((int) checked.getChecksum().getValue());
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 48);
        try {
            writeTo(bytes);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Reads one record; throws {@link IOException} naming what is wrong when it is torn or not a record. */
    public static LogRecord readFrom(InputStream in, String source) throws IOException {
        CheckedInputStream checked = new CheckedInputStream(in, new CRC32C());
        DataInputStream data = new DataInputStream(checked);
        try {
            if (data.readInt() != MAGIC) throw new IOException(source + " is not a Trough log record");
            int version = data.readUnsignedByte();
            if (version != VERSION) throw new IOException(source + " has log format " + version + "; this Trough reads " + VERSION);
            int kind = data.readUnsignedByte();
            if (kind >= Kind.values().length) throw new IOException(source + " has an unknown record kind " + kind);
            int pageSize = data.readInt();
            long seq = data.readLong();
            long epoch = data.readLong();
            long length = data.readLong();
            if (length < 0 || length > Integer.MAX_VALUE - 64) throw new IOException(source + " claims a payload of " + length + " bytes");
            byte[] payload = data.readNBytes((int) length);
            if (payload.length != length) throw new IOException(source + " is torn: " + payload.length + " of " + length + " payload bytes");
            int expected = (int) checked.getChecksum().getValue();
            if (new DataInputStream(in).readInt() != expected) throw new IOException(source + " is torn: its checksum does not match");
            return new LogRecord(seq, Kind.values()[kind], pageSize, epoch, payload);
        } catch (java.io.EOFException e) {
            throw new IOException(source + " is torn: it ends early", e);
        }
    }
}
