package trough.calcite.scratch;

import java.util.Locale;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.util.SqlShuttle;
import trough.calcite.sql.TroughSqlDialect;

/**
 * A parsed statement written in SQLite's SQL, for statements that use Calcite's syntax where SQLite has its
 * own: {@code OFFSET ? ROWS FETCH NEXT ? ROWS ONLY} becomes {@code LIMIT ? OFFSET ?}, and a typed date or
 * time literal ({@code DATE '2025-01-02'}) the text SQLite keeps dates in.
 */
final class SqliteRendering {
    private SqliteRendering() {}

    static String of(SqlNode statement) {
        SqlNode sqlite = statement.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlLiteral literal) {
                if (literal instanceof SqlUnknownLiteral typed && isDateTime(typed.tag)) {
                    return SqlLiteral.createCharString(typed.getValue(), typed.getParserPosition());
                }
                return literal;
            }
        });
        return sqlite.toSqlString(TroughSqlDialect.INSTANCE).getSql();
    }

    private static boolean isDateTime(String tag) {
        String type = tag.toUpperCase(Locale.ROOT);
        return type.equals("DATE") || type.equals("TIME") || type.equals("TIMESTAMP");
    }
}
