package trough.worker.write;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import trough.core.sqlite.CompiledStatement;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.StatementRunner;

/**
 * Keeps a write from changing what later writes on the segment's shared writer connection do. A write may
 * change the file (rows, tables, indexes, triggers stored in the schema: all visible to every reader), but
 * not the connection: no TEMP table, view or trigger (SQLite says whether a statement writes the TEMP
 * database), no {@code PRAGMA} beyond a few that only read, no {@code ATTACH} or {@code DETACH}. Anything
 * that slips past is caught after the write by comparing the connection's state (see
 * {@link trough.worker.segment.SegmentConnections#release}), which then closes the connection.
 */
final class SharedConnectionGuard implements StatementRunner.StatementGuard {
    /** PRAGMAs that only report, whatever their argument. */
    static final Set<String> READ_ONLY_PRAGMAS = Set.of("table_info", "table_xinfo", "table_list", "index_list", "index_info",
            "index_xinfo", "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check");

    /** {@code PRAGMA [schema.]name}, after any leading comments; a name in any other form is not recognised, hence refused. */
    private static final Pattern PRAGMA = Pattern.compile("(?is)(?:\\s+|--[^\\n]*(?:\\n|$)|/\\*.*?\\*/)*PRAGMA\\s+(?:\\w+\\s*\\.\\s*)?(\\w+)\\b.*");

    @Override
    public void check(Connection connection, SqlScript.Statement statement) throws SQLException {
        switch (statement.leadingKeyword()) {
            case "PRAGMA" -> {
                Matcher pragma = PRAGMA.matcher(statement.sql());
                String name = pragma.matches() ? pragma.group(1).toLowerCase(Locale.ROOT) : null;
                if (name == null || !READ_ONLY_PRAGMAS.contains(name)) {
                    throw new RefusedStatementException((name == null ? "this PRAGMA" : "PRAGMA " + name)
                            + " is refused in a write: a PRAGMA setting outlives the request on the segment's shared connection and would change "
                            + "what later writes do; only these read-only PRAGMAs may run: " + String.join(", ", READ_ONLY_PRAGMAS.stream().sorted().toList()));
                }
            }
            case "ATTACH", "DETACH" -> throw new RefusedStatementException(statement.leadingKeyword()
                    + " is refused in a write: a write reaches its own segment only, and an attached database would outlive the request");
            case "CREATE" -> {
                if (CompiledStatement.writesTempDatabase(connection, statement.sql())) {
                    throw new RefusedStatementException("TEMP tables, views, indexes and triggers are refused in a write: they live on the "
                            + "segment's shared connection, not in its file, and would act on later writes of other clients; "
                            + "create them without TEMP so that they are part of the segment");
                }
            }
            default -> { }
        }
    }

    /** A statement the guard refused: nothing of the request's transaction is kept. */
    static final class RefusedStatementException extends SQLException {
        RefusedStatementException(String reason) {
            super(reason);
        }
    }
}
