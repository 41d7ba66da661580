package trough.sync.log;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import trough.core.sqlite.DatabaseFiles;

/**
 * Where a local copy of a segment stands in the segment's change log: the number of the last record its file
 * holds, and (on the writer) how far into the WAL that record reached. Kept beside the database as
 * {@code <file>-log}.
 *
 * <p>It is written after the record is durable and without fsync: after a crash it can only lag, and a lagging
 * position is safe (the writer ships frames again, which replay idempotently, or takes the log's state).
 */
public record CopyPosition(long seq, WalPosition wal) {
    public static Path fileOf(Path database) {
        return DatabaseFiles.logPosition(database);
    }

    /** The copy's position; seq 0 and no WAL position when it has none (never written to the log, or older Trough). */
    public static CopyPosition of(Path database) throws IOException {
        try {
            String[] parts = Files.readString(fileOf(database), StandardCharsets.US_ASCII).trim().split(" ");
            long seq = Long.parseLong(parts[0]);
            if (parts.length < 6) return new CopyPosition(seq, null);
            return new CopyPosition(seq, new WalPosition(Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), Long.parseLong(parts[3]),
                    Integer.parseInt(parts[4]), Integer.parseInt(parts[5])));
        } catch (NoSuchFileException e) {
            return new CopyPosition(0, null);
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
        Path file = fileOf(database);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
