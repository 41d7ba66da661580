package trough.calcite.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.calcite.schema.ChosenSegments;
import trough.calcite.schema.SegmentSource;
import trough.calcite.schema.SegmentTable;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqliteConnections;

/**
 * Finding a table's segments by id answers what filtering its whole listing answers: in id order, without
 * the ids it lacks, with each segment's own columns, and through a choice of segments only the chosen.
 */
class SegmentLookupTest {
    @Test
    void segmentsFoundByIdAreThoseOfTheListing(@TempDir Path dir) throws SQLException {
        for (String id : List.of("b-2", "a-1", "c-3", "d-4")) {
            try (Connection file = SqliteConnections.openReadWrite(dir.resolve(id + ".sqlite")); Statement ddl = file.createStatement()) {
                ddl.execute(id.equals("c-3") ? "CREATE TABLE t (k INTEGER, extra TEXT)" : "CREATE TABLE t (k INTEGER)");
                if (!id.equals("d-4")) ddl.execute("CREATE TABLE u (k INTEGER)");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SegmentSource files = new FileSegmentSource(dir, pool, 2)) {
            List<SegmentId> asked = List.of(SegmentId.of("d-4"), SegmentId.of("zz-9"), SegmentId.of("a-1"), SegmentId.of("c-3"));
            assertEquals(listed(files, "t", asked), files.segments("t", asked));
            assertEquals(List.of("a-1", "c-3", "d-4"), files.segments("T", asked).stream().map(s -> s.segment().value()).toList());
            assertEquals(Set.of("k", "extra"), files.segments("t", List.of(SegmentId.of("c-3"))).get(0).columns());
            assertEquals(listed(files, "u", asked), files.segments("u", asked));
            assertEquals(List.of(), files.segments("nowhere", asked));

            SegmentSource chosen = new ChosenSegments(files, Set.of("a-1", "b-2", "d-4"));
            assertEquals(listed(chosen, "t", asked), chosen.segments("t", asked));
            assertEquals(List.of("a-1", "d-4"), chosen.segments("t", asked).stream().map(s -> s.segment().value()).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<SegmentTable> listed(SegmentSource source, String table, List<SegmentId> ids) {
        return source.segments(table).stream().filter(segment -> ids.contains(segment.segment())).toList();
    }
}
