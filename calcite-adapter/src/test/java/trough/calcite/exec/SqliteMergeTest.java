package trough.calcite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The merge over a result far larger than the memory it may use: it spills to its scratch file. */
class SqliteMergeTest {
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
        Path file = merge.database().file();
        try {
            assertTrue(Files.size(file) > 10 * cache, "the rows went to the scratch file, not the heap: " + Files.size(file) + " bytes");
            for (long expected = 0; expected < ROWS; expected++) {
                Object[] row = merge.next();
                assertEquals(expected, row[0]);
                assertEquals(200L, row[1]);
            }
            assertNull(merge.next());
        } finally {
            merge.close();
        }
        assertFalse(Files.exists(file), "the scratch file is deleted with the merge");
    }
}
