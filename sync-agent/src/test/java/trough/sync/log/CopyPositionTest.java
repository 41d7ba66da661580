package trough.sync.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The position beside a copy, overwritten in place: read back as written, older files still read, damage reads as none. */
class CopyPositionTest {
    @TempDir
    Path dir;

    @Test
    void aPositionOverwrittenInPlaceReadsBackAsLastWritten() throws Exception {
        Path database = dir.resolve("s.sqlite");
        CopyPosition longer = new CopyPosition(Long.MAX_VALUE, new WalPosition(-2147483648, 2147483647, Long.MAX_VALUE, -1, -2147483648));
        longer.writeFor(database);
        assertEquals(longer, CopyPosition.of(database));
        CopyPosition shorter = new CopyPosition(7, null);
        shorter.writeFor(database);
        assertEquals(shorter, CopyPosition.of(database));
        CopyPosition withWal = new CopyPosition(8, new WalPosition(1, 2, 4128, 3, 4));
        withWal.writeFor(database);
        assertEquals(withWal, CopyPosition.of(database));
    }

    @Test
    void aPositionAnOlderTroughRenamedIntoPlaceIsStillRead() throws Exception {
        Path database = dir.resolve("s.sqlite");
        Files.writeString(CopyPosition.fileOf(database), "12 5 6 8272 -9 10", StandardCharsets.US_ASCII);
        assertEquals(new CopyPosition(12, new WalPosition(5, 6, 8272, -9, 10)), CopyPosition.of(database));
        new CopyPosition(13, null).writeFor(database);
        assertEquals(new CopyPosition(13, null), CopyPosition.of(database));
    }

    @Test
    void aLineTornByACrashCountsAsNoPosition() throws Exception {
        Path database = dir.resolve("s.sqlite");
        new CopyPosition(41, new WalPosition(1, 2, 4128, 3, 4)).writeFor(database);
        byte[] line = Files.readAllBytes(CopyPosition.fileOf(database));
        String text = new String(line, StandardCharsets.US_ASCII);
        // The crash kept the first half of a newer line over the older one: seq 42 with the old rest.
        int seq = text.indexOf(" 41 ") + 1;
        line[seq + 1] = '2';
        Files.write(CopyPosition.fileOf(database), line);
        CopyPosition read = CopyPosition.of(database);
        assertFalse(read.known());
        assertEquals(new CopyPosition(0, null), read);
    }

    @Test
    void noFileIsNoPosition() throws Exception {
        assertEquals(new CopyPosition(0, null), CopyPosition.of(dir.resolve("never.sqlite")));
    }
}
