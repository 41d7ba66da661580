package trough.calcite.scratch;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import trough.calcite.exec.ScratchDatabase;
import trough.calcite.exec.ScratchTable;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqlScript;

/**
 * Whether a {@link PinnedStatement} runs on a segment as it would on the client: compiled on a database that
 * has what a segment's read connection has and nothing more (its tables in {@code main}, no attached
 * schema, none of the functions or tables only the client's scratch database knows), it must be one query
 * the worker's read path takes, read no table but its own derived tables' (no {@code sqlite_schema}, no
 * pragma or other virtual table, whose answers differ between the two databases), and have the columns and
 * parameters the client's version has. A statement that fails any of this runs on the client.
 */
final class SegmentReadCheck {
    private static final Set<String> READ_KEYWORDS = Set.of("SELECT", "WITH", "VALUES");
    /** Tables of the database checked on are named so, to tell its derived tables' reads from any other. */
    private static final String CHECKED_NAME = "trough_pinned_";

    private SegmentReadCheck() {}

    /** Whether {@code pinned} runs on a segment with result columns {@code labels} and {@code parameterCount} parameters. */
    static boolean runs(PinnedStatement pinned, List<String> labels, int parameterCount) {
        Map<String, String> names = new LinkedHashMap<>();
        List<ScratchTable> tables = new ArrayList<>();
        for (PinnedStatement.Slot slot : pinned.tables()) {
            TableReference.QualifiedTable table = slot.table();
            String key = table.key();
            if (names.containsKey(key)) continue;
            String name = CHECKED_NAME + names.size();
            names.put(key, name);
            tables.add(new ScratchTable("main", name, table.shape().columns()));
        }
        String sql = pinned.sql(SegmentId.of("segment"),
                table -> table.shape().columns().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet()),
                table -> names.get(table.key()));
        List<SqlScript.Statement> statements = SqlScript.split(sql);
        if (statements.size() != 1 || !READ_KEYWORDS.contains(statements.get(0).leadingKeyword())) return false;
        try {
            return CompileDatabases.with(tables, null, database -> {
                if (!readsOnlyOwnTables(database, sql)) return false;
                CompiledQuery compiled = CompiledQuery.of(database, sql);
                return compiled.labels().equals(labels) && compiled.parameterCount() == parameterCount;
            });
        } catch (SQLException e) {
            // SQLite on a segment does not take it (a name only the client's schemas resolve): the client runs it.
            return false;
        }
    }

    /** Whether every table the compiled program opens is one of the database's own tables (OP_OpenRead P2: its root page). */
    private static boolean readsOnlyOwnTables(ScratchDatabase database, String sql) throws SQLException {
        Set<Integer> roots = new HashSet<>();
        try (PreparedStatement list = database.prepare("SELECT rootpage FROM main.sqlite_schema WHERE type = 'table'");
             ResultSet rows = list.executeQuery()) {
            while (rows.next()) roots.add(rows.getInt(1));
        }
        try (PreparedStatement explain = database.prepare("EXPLAIN " + sql); ResultSet program = explain.executeQuery()) {
            while (program.next()) {
                String opcode = program.getString("opcode");
                if (opcode.equals("VOpen") || opcode.equals("OpenWrite")) return false;
                if (opcode.equals("OpenRead") && (program.getInt("p3") != 0 || !roots.contains(program.getInt("p2")))) return false;
            }
        }
        return true;
    }
}
