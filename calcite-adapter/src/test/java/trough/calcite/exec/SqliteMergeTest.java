package trough.calcite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import trough.core.client.RowSource;

/** The merge over a result far larger than the memory it may use: it spills to SQLite's temporary file. */
class SqliteMergeTest {
    /** How SQLite names its temporary files (it unlinks them at once; this process still holds them open). */
    private static final String SQLITE_TEMPORARY_PREFIX = "etilqs_";

    private static final int ROWS = 200_000;

    @Test
    void aLargeOrderedMergeSpillsToDiskAndStillAnswersInOrder() throws Exception {
        RowSource partial = new RowSource() {
            private int next;

            @Override
            public Object[] next() {
                if (next == ROWS) return null;
                int i = next++;
                // Unordered keys, 200 bytes of payload each: about 40 MB of rows in all.
                return new Object[] {(long) ((i * 7919L) % ROWS), "x".repeat(200)};
            }

            @Override
            public void cancel(String reason) {}

            @Override
            public void close() {}
        };
        long cache = 2L << 20;
        StatementRows merge = SqliteMerge.run(partial, 2, "SELECT \"p$0\", length(\"p$1\") FROM p ORDER BY \"p$0\"", List.of(), cache);
        try {
            // SQLite keeps at most its cache of a database in memory: the rest of the rows are in its temporary file.
            long size = merge.database().sizeBytes();
            assertEquals(cache, merge.database().cacheBytes());
            assertTrue(size > 10 * cache, "the rows are in SQLite's database, " + size + " bytes, not in the heap");
            long spilled = largestTemporaryFileOpen();
            assertTrue(spilled > 10 * cache, "SQLite's temporary file holds the rows: " + spilled + " bytes");
            for (long expected = 0; expected < ROWS; expected++) {
                Object[] row = merge.next();
                assertEquals(expected, row[0]);
                assertEquals(200L, row[1]);
            }
            assertNull(merge.next());
        } finally {
            merge.close();
        }
    }

    /** The size of the largest temporary file SQLite holds open in this process, read through Linux's /proc. */
    private static long largestTemporaryFileOpen() throws IOException {
        long largest = 0;
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    if (Files.readSymbolicLink(descriptor).toString().contains(SQLITE_TEMPORARY_PREFIX)) {
                        largest = Math.max(largest, Files.size(descriptor));
                    }
                } catch (IOException closedMeanwhile) {
                    // another thread's descriptor, closed since the listing
                }
            }
        }
        return largest;
    }
}
