package trough.sync.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import trough.core.sqlite.DatabaseFiles;

/**
 * Where a local copy of a segment stands in the segment's change log: the number of the last record its file
 * holds, and (on the writer) how far into the WAL that record reached. Kept beside the database as
 * {@code <file>-log}.
 *
 * <p>It is written after the record is durable and without fsync: after a crash it can only lag, and a lagging
 * position is safe (the writer ships frames again, which replay idempotently, or takes the log's state). It is
 * overwritten in place, one fixed-size line with its own CRC-32: after every acknowledged write, so a new
 * file and a rename each time (two directory changes in the file system's journal) cost more than the rest
 * of the bookkeeping. A line torn by a crash fails its checksum and counts as no position, as a missing file
 * does; a reader that meets a line being written reads it again.
 */
public record CopyPosition(long seq, WalPosition wal) {
    /** Starts a line with a checksum; an older Trough's line (renamed into place whole) has none. */
    private static final String VERSION = "v2 ";
    /** Longer than any line (seven numbers of at most 20 characters each), so every write covers the last one whole. */
    private static final int LINE_BYTES = 192;
    /** A reader may meet a line being written: reading it again sees it whole. */
    private static final int READ_ATTEMPTS = 3;

    public static Path fileOf(Path database) {
        return DatabaseFiles.logPosition(database);
    }

    /** The copy's position; seq 0 and no WAL position when it has none (never written to the log, or older Trough). */
    public static CopyPosition of(Path database) throws IOException {
        for (int attempt = 1; ; attempt++) {
            String text;
            try {
                text = Files.readString(fileOf(database), StandardCharsets.US_ASCII).trim();
            } catch (NoSuchFileException e) {
                return new CopyPosition(0, null);
            }
            if (!text.startsWith(VERSION)) return parse(text); // written by an older Trough, renamed into place whole
            String[] checked = text.substring(VERSION.length()).split(" ", 2);
            if (checked.length == 2 && checked[0].equals(crc(checked[1]))) return parse(checked[1]);
            if (attempt == READ_ATTEMPTS) return new CopyPosition(0, null); // torn by a crash: as good as none
        }
    }

    private static CopyPosition parse(String text) {
        try {
            String[] parts = text.split(" ");
            long seq = Long.parseLong(parts[0]);
            if (parts.length < 6) return new CopyPosition(seq, null);
            return new CopyPosition(seq, new WalPosition(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Long.parseLong(parts[3]),
                    Integer.parseInt(parts[4]), Integer.parseInt(parts[5])));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return new CopyPosition(0, null); // torn by a crash: as good as none
        }
    }

    /** Makes the copy's position unknown: it must not be trusted as the segment's history any more. */
    public static void forget(Path database) {
        try {
            Files.deleteIfExists(fileOf(database));
        } catch (IOException ignored) {
            // an unreadable position is as unknown as a missing one
        }
    }

    public boolean known() {
        return seq > 0;
    }

    public void writeFor(Path database) throws IOException {
        String text = wal == null ? Long.toString(seq)
                : seq + " " + wal.salt1() + " " + wal.salt2() + " " + wal.offset() + " " + wal.checksum1() + " " + wal.checksum2();
        byte[] line = new byte[LINE_BYTES];
        Arrays.fill(line, (byte) ' ');
        byte[] content = (VERSION + crc(text) + " " + text).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(content, 0, line, 0, content.length);
        line[LINE_BYTES - 1] = '\n';
        try (FileChannel channel = FileChannel.open(fileOf(database), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) channel.write(buffer, buffer.position());
            if (channel.size() > LINE_BYTES) channel.truncate(LINE_BYTES);
        }
    }

    private static String crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return Long.toHexString(crc.getValue());
    }
}
