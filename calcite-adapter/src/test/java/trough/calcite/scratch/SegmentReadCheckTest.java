package trough.calcite.scratch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import trough.calcite.exec.TableShape;

/** Which rewritten statements a segment runs as the client would. */
class SegmentReadCheckTest {
    private static final TableReference.QualifiedTable T = new TableReference.QualifiedTable("main",
            new TableShape("t", List.of(new TableShape.ColumnShape("id", "INTEGER", null), new TableShape.ColumnShape("s", "TEXT", null)),
                    List.of(), List.of()));

    /** {@code before} t {@code after}, t being the one table reference. */
    private static PinnedStatement statement(String before, String after) {
        return new PinnedStatement(List.of(before, after), List.of(new PinnedStatement.Slot(T, "t")), true);
    }

    @Test
    void aQueryOverItsOwnTablesWithTheClientsColumnsRuns() {
        assertTrue(SegmentReadCheck.runs(statement("SELECT id, upper(s), _segment FROM ", " WHERE id > ?"), List.of("id", "upper(s)", "_segment"), 1));
    }

    @Test
    void otherColumnsOrParametersThanTheClientsDoNotRun() {
        assertFalse(SegmentReadCheck.runs(statement("SELECT id FROM ", ""), List.of("s"), 0));
        assertFalse(SegmentReadCheck.runs(statement("SELECT id FROM ", " WHERE id > ?"), List.of("id"), 0));
    }

    @Test
    void whatOnlyTheClientOrOnlyTheSegmentHasDoesNotRun() {
        assertFalse(SegmentReadCheck.runs(statement("SELECT id FROM ", " JOIN other.t2 ON 1"), List.of("id"), 0), "another schema's table");
        assertFalse(SegmentReadCheck.runs(statement("SELECT id, (SELECT count(*) FROM sqlite_schema) FROM ", ""),
                List.of("id", "(SELECT count(*) FROM sqlite_schema)"), 0), "the database's own schema");
        assertFalse(SegmentReadCheck.runs(statement("SELECT id, (SELECT count(*) FROM pragma_table_info('t')) FROM ", ""),
                List.of("id", "(SELECT count(*) FROM pragma_table_info('t'))"), 0), "a pragma");
        assertFalse(SegmentReadCheck.runs(statement("SELECT trough_segment() FROM ", ""), List.of("trough_segment()"), 0), "a segment's own function");
    }

    @Test
    void onlyOneQueryRuns() {
        assertFalse(SegmentReadCheck.runs(statement("SELECT id FROM ", "; SELECT 1"), List.of("id"), 0));
        assertFalse(SegmentReadCheck.runs(statement("SELECT id FROM ", "; DELETE FROM t"), List.of("id"), 0));
    }
}
