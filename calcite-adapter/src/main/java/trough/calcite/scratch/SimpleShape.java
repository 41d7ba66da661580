package trough.calcite.scratch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * The statements Calcite's planner splits into per-segment fragments and a merge: one SELECT over one table,
 * with filters, expressions, aggregates, ORDER BY and LIMIT, and nothing that reads other rows (no subquery,
 * join or window). These run with partial aggregates and top-N on the segments; everything else runs on the
 * client's SQLite ({@link ScratchQuery}).
 */
final class SimpleShape {
    private static final Set<SqlKind> NOT_SIMPLE = Set.of(SqlKind.SELECT, SqlKind.UNION, SqlKind.INTERSECT, SqlKind.EXCEPT,
            SqlKind.ORDER_BY, SqlKind.WITH, SqlKind.VALUES, SqlKind.OVER, SqlKind.WINDOW, SqlKind.JOIN, SqlKind.EXISTS,
            SqlKind.SCALAR_QUERY, SqlKind.LATERAL, SqlKind.COLLECTION_TABLE, SqlKind.UNNEST);

    /**
     * What Calcite types or folds by its own rules, not SQLite's: COALESCE and CASE cast their branches to a
     * common type (93 becomes 93.0), and a CAST to NUMERIC is Calcite's exact decimal.
     */
    private static final Set<String> CALCITE_TYPED = Set.of("COALESCE", "IFNULL", "NULLIF", "CASE", "IIF", "NVL");
    /** Aggregates by name: the parser leaves functions unresolved, so the operator does not say it aggregates. */
    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "TOTAL", "AVG", "MIN", "MAX", "GROUP_CONCAT", "STRING_AGG");
    /** Calls that only name or order what they wrap. */
    private static final Set<SqlKind> WRAPPERS = Set.of(SqlKind.AS, SqlKind.DESCENDING, SqlKind.NULLS_FIRST, SqlKind.NULLS_LAST);
    /** SQLite's functions of constants that Calcite cannot evaluate, so leaves to the segments. */
    private static final Set<String> SQLITE_ONLY = Set.of("DATE", "TIME", "DATETIME", "JULIANDAY", "STRFTIME", "UNIXEPOCH");

    private SimpleShape() {}

    /** Whether {@code statement}, whose text is {@code text}, is of the simple shape. */
    static boolean test(SqlNode statement, SourceText text) {
        SqlNode query = statement instanceof SqlOrderBy orderBy ? orderBy.query : statement;
        if (!(query instanceof SqlSelect select)) return false;
        if (!isTable(select.getFrom()) || select.getWindowList() != null && !select.getWindowList().isEmpty()) return false;
        if (statement instanceof SqlOrderBy orderBy && (!plain(orderBy.orderList, text) || !plain(orderBy.offset, text)
                || !plain(orderBy.fetch, text))) {
            return false;
        }
        for (SqlNode part : new SqlNode[] {select.getSelectList(), select.getWhere(), select.getGroup(), select.getHaving(),
                select.getOrderList(), select.getOffset(), select.getFetch(), select.getQualify()}) {
            if (!plain(part, text)) return false;
        }
        return groupsOnColumns(select);
    }

    /**
     * Whether every key it groups on (DISTINCT's are its columns) reads a column. Calcite's SQL for a group
     * on a constant ({@code SELECT DISTINCT 7}) writes {@code GROUP BY 1}, which SQLite reads as a position.
     */
    private static boolean groupsOnColumns(SqlSelect select) {
        List<SqlNode> keys = new ArrayList<>();
        if (select.isDistinct()) keys.addAll(select.getSelectList());
        if (select.getGroup() != null) {
            for (SqlNode key : select.getGroup()) {
                if (key instanceof SqlNumericLiteral position && position.isInteger()) {
                    int index = position.intValue(true) - 1;
                    if (index < 0 || index >= select.getSelectList().size()) return false;
                    keys.add(select.getSelectList().get(index));
                } else {
                    keys.add(key);
                }
            }
        }
        return keys.stream().allMatch(SimpleShape::readsColumn) && aggregatesReadColumns(select.getSelectList())
                && aggregatesReadColumns(select.getHaving());
    }

    /**
     * Whether every aggregate reads a column: Calcite plans an aggregate of a constant ({@code count(DISTINCT
     * 84)}, {@code count(CAST(88 AS REAL))}) over a projected constant, which the fragments do not keep.
     */
    private static boolean aggregatesReadColumns(SqlNode node) {
        if (node == null) return true;
        boolean[] reads = {true};
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                if (AGGREGATES.contains(call.getOperator().getName().toUpperCase(Locale.ROOT)) && !call.getOperandList().isEmpty()
                        && call.getOperandList().stream().noneMatch(operand -> operand != null && readsColumn(operand))) {
                    reads[0] = false;
                }
                return super.visit(call);
            }
        });
        return reads[0];
    }

    private static boolean readsColumn(SqlNode node) {
        if (node.getKind() == SqlKind.AS) return readsColumn(((SqlCall) node).operand(0));
        return !QueryTables.columns(node).isEmpty();
    }

    private static boolean isTable(SqlNode from) {
        if (from == null) return false;
        if (from.getKind() == SqlKind.IDENTIFIER) return true;
        return from.getKind() == SqlKind.AS && ((SqlCall) from).operandCount() == 2 && ((SqlCall) from).operand(0).getKind() == SqlKind.IDENTIFIER;
    }

    /**
     * No subquery and no window function anywhere in {@code node}, and nothing Calcite would compute by its
     * own rules: a type-unifying function, a CAST to NUMERIC or of a constant, a constant expression of
     * Calcite's operators (it folds them: {@code 'a' LIKE 'A%'}, {@code 0.06 + 0.01}, {@code x / 0.0}), a
     * negative real zero.
     */
    private static boolean plain(SqlNode node, SourceText text) {
        if (node == null) return true;
        boolean[] plain = {true};
        node.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlCall call) {
                String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
                if (NOT_SIMPLE.contains(call.getKind()) || CALCITE_TYPED.contains(name) || call.getKind() == SqlKind.CASE
                        || call.getKind() == SqlKind.CAST && (!readsColumn(call.operand(0)) || castsToNumeric(call))
                        || !WRAPPERS.contains(call.getKind()) && !AGGREGATES.contains(name) && !SQLITE_ONLY.contains(name)
                        && !readsColumn(call) && !isNumber(call)) {
                    plain[0] = false;
                    return null;
                }
                return super.visit(call);
            }

            @Override
            public Void visit(SqlLiteral literal) {
                if (isNegativeRealZero(literal, text)) plain[0] = false;
                return null;
            }
        });
        return plain[0];
    }

    private static boolean castsToNumeric(SqlCall cast) {
        String type = cast.operand(1).toString().toUpperCase(Locale.ROOT);
        return type.startsWith("NUMERIC") || type.startsWith("DECIMAL");
    }

    /** A signed number: {@code -5} is a call on the literal 5. */
    private static boolean isNumber(SqlCall call) {
        return (call.getKind() == SqlKind.MINUS_PREFIX || call.getKind() == SqlKind.PLUS_PREFIX) && call.operand(0) instanceof SqlNumericLiteral;
    }

    /**
     * A real zero written with a minus ({@code -0.0}, {@code -(0.0)}): SQLite's negative zero, which the parser
     * folds into a literal 0.0, its minus only in the text it spans, and Calcite's exact decimals have no sign on
     * zero.
     */
    private static boolean isNegativeRealZero(SqlLiteral literal, SourceText text) {
        if (!(literal instanceof SqlNumericLiteral number) || number.isInteger() || number.bigDecimalValue() == null
                || number.bigDecimalValue().signum() != 0) {
            return false;
        }
        int[] span = text.span(literal.getParserPosition());
        if (span == null) return true;
        long minuses = text.sql().substring(span[0], span[1]).chars().filter(c -> c == '-').count();
        return minuses % 2 == 1;
    }
}
