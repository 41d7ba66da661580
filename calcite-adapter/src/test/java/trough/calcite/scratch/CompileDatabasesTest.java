package trough.calcite.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import trough.calcite.exec.ScratchDatabase;
import trough.calcite.exec.ScratchTable;
import trough.calcite.exec.TableShape;

class CompileDatabasesTest {
    private static ScratchTable table(String name, String... columns) {
        return new ScratchTable("main", name, java.util.Arrays.stream(columns).map(c -> new TableShape.ColumnShape(c, "INTEGER")).toList());
    }

    @Test
    void statementsOverTheSameTablesShareOneEmptyDatabase() throws SQLException {
        List<ScratchTable> tables = List.of(table("shared_a", "x", "y"));
        ScratchDatabase first = CompileDatabases.with(tables, "main", database -> database);
        ScratchDatabase second = CompileDatabases.with(List.of(table("shared_a", "x", "y")), "main", database -> database);
        assertSame(first, second);
        ScratchDatabase other = CompileDatabases.with(List.of(table("shared_a", "x")), "main", database -> database);
        assertNotSame(first, other, "another set of columns is another database");
    }

    @Test
    void statementsCompilingAtOnceEachHaveADatabase() throws SQLException {
        List<ScratchTable> tables = List.of(table("concurrent_a", "x"));
        ScratchDatabase[] inner = new ScratchDatabase[1];
        ScratchDatabase outer = CompileDatabases.with(tables, "main", database -> {
            inner[0] = CompileDatabases.with(tables, "main", other -> other);
            return database;
        });
        assertNotSame(outer, inner[0]);
        assertFalse(outer.isClosed());
        assertFalse(inner[0].isClosed());
    }

    @Test
    void theLeastRecentlyUsedAreClosedAndReplacedWhenNeededAgain() throws SQLException {
        List<ScratchTable> oldest = List.of(table("evicted_0", "x"));
        ScratchDatabase first = CompileDatabases.with(oldest, "main", database -> database);
        for (int i = 1; i <= 40; i++) CompileDatabases.with(List.of(table("evicted_" + i, "x")), "main", database -> database);
        assertTrue(first.isClosed());
        ScratchDatabase again = CompileDatabases.with(oldest, "main", database -> database);
        assertFalse(again.isClosed());
        assertEquals(List.of("x"), CompileDatabases.compile(oldest, "main", "SELECT x FROM evicted_0", null).labels());
    }

    @Test
    void compilingNamesTheColumnsAndCountsTheParameters() throws SQLException {
        List<ScratchTable> tables = List.of(table("compiled_t", "a", "b"));
        CompiledQuery query = CompileDatabases.compile(tables, "main", "SELECT a, b + 1 AS c FROM compiled_t WHERE a > ? AND b < ?", null);
        assertEquals(List.of("a", "c"), query.labels());
        assertEquals(List.of("compiled_t", ""), query.tables());
        assertEquals(2, query.parameterCount());
    }

    @Test
    void theFallbackRunsOnlyWhenSqliteRefusesAndSqlitesRefusalIsKept() throws SQLException {
        List<ScratchTable> tables = List.of(table("fallback_t", "a"));
        CompiledQuery rewritten = CompileDatabases.compile(tables, "main", "SELECT a FROM fallback_t FETCH NEXT 1 ROWS ONLY",
                () -> "SELECT a FROM fallback_t LIMIT 1");
        assertEquals("SELECT a FROM fallback_t LIMIT 1", rewritten.sql());
        SQLException refused = assertThrows(SQLException.class,
                () -> CompileDatabases.compile(tables, "main", "SELECT missing_column FROM fallback_t", () -> "SELECT still_nothing FROM fallback_t"));
        assertTrue(refused.getMessage().contains("no such column: missing_column"), refused.getMessage());
    }
}
