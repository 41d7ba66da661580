package trough.sync.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

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
    /** Frames of the first read past a position (256 KiB of 4 KiB pages); each further read is twice the one before. */
    private static final int FIRST_READ_FRAMES = 64;

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
            int[] sum = checksum(bigEndian, header);
            if (sum[0] != header.getInt(24) || sum[1] != header.getInt(28)) return new WalCommits(pageSize, new byte[0], from);

            WalPosition start = from != null && from.sameCycle(salt1, salt2)
                    ? from : new WalPosition(salt1, salt2, HEADER_BYTES, sum[0], sum[1]);
            int frameBytes = FRAME_HEADER_BYTES + pageSize;
            ByteOrder order = order(bigEndian);
            // The frames past the position are read in a few large reads of doubling size (a commit of a few hundred
            // pages is one to three reads), not one read per frame; a tail left by an earlier cycle of the log costs
            // at most as much reading as the frames that do count.
            List<byte[]> chunks = new ArrayList<>();
            long offset = start.offset();
            long tail = channel.size() - offset;
            int chunkFrames = FIRST_READ_FRAMES;
            int validated = 0;
            int committed = 0;
            WalPosition end = start;
            int s1 = start.checksum1();
            int s2 = start.checksum2();
            reading:
            while (tail >= frameBytes) {
                byte[] chunk = new byte[(int) Math.min(chunkFrames, tail / frameBytes) * frameBytes];
                int read = readAtMost(channel, offset, chunk);
                chunks.add(chunk);
                ByteBuffer words = ByteBuffer.wrap(chunk).order(order);
                for (int at = 0; at + frameBytes <= read; at += frameBytes) {
                    if (intAt(chunk, at + 8) != salt1 || intAt(chunk, at + 12) != salt2) break reading;
                    int[] next = checksum(words, s1, s2, at, 8);
                    next = checksum(words, next[0], next[1], at + FRAME_HEADER_BYTES, pageSize);
                    if (next[0] != intAt(chunk, at + 16) || next[1] != intAt(chunk, at + 20)) break reading;
                    s1 = next[0];
                    s2 = next[1];
                    offset += frameBytes;
                    validated += frameBytes;
                    if (intAt(chunk, at + 4) != 0) {
                        committed = validated;
                        end = new WalPosition(salt1, salt2, offset, s1, s2);
                    }
                }
                if (read < chunk.length) break;
                tail -= chunk.length;
                chunkFrames *= 2;
            }
            return new WalCommits(pageSize, firstBytes(chunks, committed), end);
        } catch (NoSuchFileException e) {
            return new WalCommits(0, new byte[0], from);
        }
    }

    /** SQLite's WAL checksum over {@code length} bytes (a multiple of 8) of {@code words}, continuing from {@code s1, s2}. */
    private static int[] checksum(ByteBuffer words, int s1, int s2, int from, int length) {
        for (int i = from; i < from + length; i += 8) {
            s1 += words.getInt(i) + s2;
            s2 += words.getInt(i + 4) + s1;
        }
        return new int[] {s1, s2};
    }

    /** The WAL header's own checksum, over its first 24 bytes. */
    private static int[] checksum(boolean bigEndian, ByteBuffer header) {
        return checksum(header.duplicate().order(order(bigEndian)), 0, 0, 0, 24);
    }

    private static ByteOrder order(boolean bigEndian) {
        return bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** A big-endian int of a frame header, as SQLite writes them. */
    private static int intAt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | (bytes[at + 3] & 0xff);
    }

    /** {@code length} bytes at {@code position} (big-endian, as the WAL's headers are), or null past the end. */
    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) return null;
        }
        return buffer.flip();
    }

    /** Reads into all of {@code into} from {@code position}; answers the bytes read, fewer only at the end of the file. */
    private static int readAtMost(FileChannel channel, long position, byte[] into) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) break;
        }
        return buffer.position();
    }

    /** The first {@code length} bytes of the chunks, in order: the chunk itself when it is exactly those. */
    private static byte[] firstBytes(List<byte[]> chunks, int length) {
        if (chunks.size() == 1 && chunks.get(0).length == length) return chunks.get(0);
        byte[] bytes = new byte[length];
        int at = 0;
        for (byte[] chunk : chunks) {
            int part = Math.min(chunk.length, length - at);
            if (part <= 0) break;
            System.arraycopy(chunk, 0, bytes, at, part);
            at += part;
        }
        return bytes;
    }
}
