package trough.sync.log;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads what SQLite committed to a database's write-ahead log, following SQLite's own rules for which frames
 * count (https://www.sqlite.org/fileformat2.html#walformat): a frame counts only if its salts match the log's
 * header and its checksum continues the chain, and only frames up to the last commit frame are committed.
 * Frames past that belong to a transaction still open, rolled back, or an earlier cycle of the log.
 */
public final class WalFile {
    static final int HEADER_BYTES = 32;
    static final int FRAME_HEADER_BYTES = 24;
    private static final int MAGIC_LITTLE_ENDIAN = 0x377f0682;
    private static final int MAGIC_BIG_ENDIAN = 0x377f0683;

    private WalFile() {}

    /**
     * The transactions committed after {@code from}; from the start of the log when {@code from} is null or
     * belongs to an earlier cycle. An absent or empty log has none (its commits are all in the database file).
     */
    public static WalCommits committedAfter(Path wal, WalPosition from) throws IOException {
        try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
            ByteBuffer header = readFully(channel, 0, HEADER_BYTES);
            if (header == null) return new WalCommits(0, new byte[0], from);
            int magic = header.getInt(0);
            if (magic != MAGIC_LITTLE_ENDIAN && magic != MAGIC_BIG_ENDIAN) return new WalCommits(0, new byte[0], from);
            boolean bigEndian = magic == MAGIC_BIG_ENDIAN;
            int pageSize = header.getInt(8) == 1 ? 65536 : header.getInt(8);
            int salt1 = header.getInt(16);
            int salt2 = header.getInt(20);
            int[] sum = checksum(bigEndian, 0, 0, header, 0, 24);
            if (sum[0] != header.getInt(24) || sum[1] != header.getInt(28)) return new WalCommits(pageSize, new byte[0], from);

            WalPosition start = from != null && from.sameCycle(salt1, salt2)
                    ? from : new WalPosition(salt1, salt2, HEADER_BYTES, sum[0], sum[1]);
            ByteArrayOutputStream committed = new ByteArrayOutputStream();
            ByteArrayOutputStream pending = new ByteArrayOutputStream();
            WalPosition end = start;
            long offset = start.offset();
            int s1 = start.checksum1();
            int s2 = start.checksum2();
            int frameBytes = FRAME_HEADER_BYTES + pageSize;
            while (true) {
                ByteBuffer frame = readFully(channel, offset, frameBytes);
                if (frame == null || frame.getInt(8) != salt1 || frame.getInt(12) != salt2) break;
                int[] next = checksum(bigEndian, s1, s2, frame, 0, 8);
                next = checksum(bigEndian, next[0], next[1], frame, FRAME_HEADER_BYTES, pageSize);
                if (next[0] != frame.getInt(16) || next[1] != frame.getInt(20)) break;
                s1 = next[0];
                s2 = next[1];
                offset += frameBytes;
                pending.write(frame.array(), 0, frameBytes);
                if (frame.getInt(4) != 0) {
                    pending.writeTo(committed);
                    pending.reset();
                    end = new WalPosition(salt1, salt2, offset, s1, s2);
                }
            }
            return new WalCommits(pageSize, committed.toByteArray(), end);
        } catch (NoSuchFileException e) {
            return new WalCommits(0, new byte[0], from);
        }
    }

    /** SQLite's WAL checksum over {@code length} bytes (a multiple of 8), continuing from {@code s1, s2}. */
    private static int[] checksum(boolean bigEndian, int s1, int s2, ByteBuffer bytes, int from, int length) {
        ByteBuffer words = bytes.duplicate().order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < from + length; i += 8) {
            s1 += words.getInt(i) + s2;
            s2 += words.getInt(i + 4) + s1;
        }
        return new int[] {s1, s2};
    }

    /** {@code length} bytes at {@code position} (big-endian, as the WAL's headers are), or null past the end. */
    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) return null;
        }
        return buffer.flip();
    }
}
