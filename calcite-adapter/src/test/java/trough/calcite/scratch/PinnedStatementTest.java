package trough.calcite.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.Test;
import trough.calcite.exec.TableShape;
import trough.core.segment.SegmentId;

/** How a statement is written to run whole on one segment: each table reference a derived table over the segment's table. */
class PinnedStatementTest {
    private static final SqlParser.Config PARSER = SqlParser.config().withQuoting(Quoting.DOUBLE_QUOTE).withUnquotedCasing(Casing.UNCHANGED)
            .withQuotedCasing(Casing.UNCHANGED).withCaseSensitive(false);
    private static final TableReference.QualifiedTable T = table("main", "t", "id", "grp", "n");
    private static final TableReference.QualifiedTable U = table("main", "u", "k", "label");
    private static final TableReference.QualifiedTable W = table("other", "w", "x");

    private static TableReference.QualifiedTable table(String schema, String name, String... columns) {
        List<TableShape.ColumnShape> shapes = java.util.Arrays.stream(columns).map(c -> new TableShape.ColumnShape(c, "INTEGER", null)).toList();
        return new TableReference.QualifiedTable(schema, new TableShape(name, shapes, List.of(), List.of()));
    }

    private static final TableResolver RESOLVER = new TableResolver() {
        @Override
        public TableReference.QualifiedTable troughTable(List<String> names) {
            String name = names.get(names.size() - 1).toLowerCase(Locale.ROOT);
            return List.of(T, U, W).stream().filter(table -> table.name().equals(name)).findFirst().orElse(null);
        }

        @Override
        public boolean otherTable(List<String> names) {
            return false;
        }
    };

    private static PinnedStatement pinned(String sql) throws Exception {
        return PinnedStatement.of(new SourceText(sql, PARSER), QueryTables.of(SqlParser.create(sql, PARSER).parseQuery(), RESOLVER));
    }

    /** As it runs on segment s1, which has every column but those in {@code missing}. */
    private static String onSegment(String sql, String... missing) throws Exception {
        Set<String> lacking = Set.of(missing);
        return pinned(sql).sql(SegmentId.of("s1"), table -> table.shape().columns().stream().map(TableShape.ColumnShape::name)
                .filter(column -> !lacking.contains(column)).collect(Collectors.toSet()), TableReference.QualifiedTable::name);
    }

    @Test
    void aTableNamedWithoutAliasIsAliasedByItsNameAndAnAliasWrittenIsKept() throws Exception {
        assertEquals("SELECT t.id, b.label FROM (SELECT \"id\", \"grp\", \"n\", CAST('s1' AS TEXT) AS \"_segment\" FROM main.\"t\") AS \"t\" "
                        + "JOIN (SELECT \"k\", \"label\", CAST('s1' AS TEXT) AS \"_segment\" FROM main.\"u\") AS b ON t.n = b.k WHERE t._segment = ?",
                onSegment("SELECT t.id, b.label FROM t JOIN u AS b ON t.n = b.k WHERE t._segment = ?"));
    }

    @Test
    void aColumnTheSegmentLacksIsNullAndSegmentIsThereOnlyWhenNamed() throws Exception {
        assertEquals("SELECT id FROM (SELECT \"id\", \"grp\", NULL AS \"n\" FROM main.\"t\") x WHERE grp = 'a'",
                onSegment("SELECT id FROM t x WHERE grp = 'a'", "n"));
    }

    @Test
    void starIsWrittenOutWithoutSegmentWhenTheStatementNamesIt() throws Exception {
        assertEquals("SELECT \"t\".\"id\", \"t\".\"grp\", \"t\".\"n\" FROM (SELECT \"id\", \"grp\", \"n\", CAST('s1' AS TEXT) AS \"_segment\" "
                + "FROM main.\"t\") AS \"t\" WHERE _segment = 's1'", onSegment("SELECT * FROM t WHERE _segment = 's1'"));
    }

    @Test
    void referencesInSubqueriesAndCtesAreRewrittenAndACteNameIsNotATable() throws Exception {
        assertEquals("WITH t AS (SELECT k FROM (SELECT \"k\", \"label\" FROM main.\"u\") AS \"u\") SELECT k FROM t WHERE k IN "
                        + "(SELECT n FROM (SELECT \"id\", \"grp\", \"n\" FROM main.\"t\") AS \"t\")",
                onSegment("WITH t AS (SELECT k FROM u) SELECT k FROM t WHERE k IN (SELECT n FROM main.t)"));
    }

    @Test
    void renamedColumnsAndTablesOfTwoSchemasAreNotRewritten() throws Exception {
        assertNull(pinned("SELECT a FROM t AS x (a, b, c)"), "SQLite cannot rename a table's columns");
        assertNull(pinned("SELECT t.id FROM t JOIN w ON t.n = w.x"), "no segment holds tables of two schemas");
        assertNull(pinned("SELECT 1"), "no table");
    }
}
