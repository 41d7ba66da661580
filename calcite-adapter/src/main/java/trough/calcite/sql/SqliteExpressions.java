package trough.calcite.sql;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Which expressions can be handed to SQLite: those Calcite's SQLite dialect renders into SQL that SQLite
 * runs. Once pushed, SQLite evaluates them with its own semantics, which is what Trough promises.
 */
public final class SqliteExpressions {
    private static final Set<SqlKind> KINDS = EnumSet.of(
            SqlKind.AND, SqlKind.OR, SqlKind.NOT,
            SqlKind.EQUALS, SqlKind.NOT_EQUALS, SqlKind.LESS_THAN, SqlKind.LESS_THAN_OR_EQUAL,
            SqlKind.GREATER_THAN, SqlKind.GREATER_THAN_OR_EQUAL, SqlKind.IS_DISTINCT_FROM, SqlKind.IS_NOT_DISTINCT_FROM,
            SqlKind.IS_NULL, SqlKind.IS_NOT_NULL, SqlKind.IS_TRUE, SqlKind.IS_FALSE, SqlKind.IS_NOT_TRUE, SqlKind.IS_NOT_FALSE,
            SqlKind.PLUS, SqlKind.MINUS, SqlKind.TIMES, SqlKind.DIVIDE, SqlKind.MOD, SqlKind.MINUS_PREFIX, SqlKind.PLUS_PREFIX,
            SqlKind.LIKE, SqlKind.CASE, SqlKind.COALESCE, SqlKind.NULLIF, SqlKind.CAST, SqlKind.SEARCH, SqlKind.TRIM,
            SqlKind.POSITION);
    private static final Set<String> FUNCTIONS = Set.of("UPPER", "LOWER", "SUBSTRING", "CHAR_LENGTH", "CHARACTER_LENGTH",
            "ABS", "REPLACE", "||");
    private static final Set<SqlTypeFamily> LITERAL_FAMILIES = EnumSet.of(SqlTypeFamily.NUMERIC, SqlTypeFamily.CHARACTER,
            SqlTypeFamily.BOOLEAN, SqlTypeFamily.BINARY, SqlTypeFamily.NULL, SqlTypeFamily.ANY);
    private static final Set<SqlTypeName> CAST_TARGETS = EnumSet.of(SqlTypeName.BIGINT, SqlTypeName.INTEGER, SqlTypeName.SMALLINT,
            SqlTypeName.TINYINT, SqlTypeName.DOUBLE, SqlTypeName.FLOAT, SqlTypeName.REAL, SqlTypeName.DECIMAL,
            SqlTypeName.VARCHAR, SqlTypeName.CHAR, SqlTypeName.ANY, SqlTypeName.VARBINARY, SqlTypeName.BINARY);

    private SqliteExpressions() {}

    public static boolean canRender(List<? extends RexNode> expressions) {
        return expressions.stream().allMatch(SqliteExpressions::canRender);
    }

    public static boolean canRender(RexNode node) {
        if (node instanceof RexInputRef || node instanceof RexDynamicParam) return true;
        if (node instanceof RexLiteral literal) {
            SqlTypeFamily family = literal.getType().getSqlTypeName().getFamily();
            return literal.isNull() || (family != null && LITERAL_FAMILIES.contains(family));
        }
        if (node instanceof RexCall call) {
            String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
            boolean known = KINDS.contains(call.getKind()) || FUNCTIONS.contains(name) || SqliteFunctions.NAMES.contains(name);
            if (!known) return false;
            if (call.getKind() == SqlKind.CAST && !CAST_TARGETS.contains(call.getType().getSqlTypeName())) return false;
            return canRender(call.getOperands());
        }
        return false;
    }
}
