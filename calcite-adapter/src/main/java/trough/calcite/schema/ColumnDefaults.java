package trough.calcite.schema;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;
import trough.calcite.exec.TableShape;

/**
 * The values an INSERT gives the columns it does not name: each column's DEFAULT from the DDL, as SQLite would.
 * Calcite fills those columns itself, before Trough writes, so it must know the defaults: literal ones
 * (numbers, strings, blobs, NULL, TRUE, FALSE) are used as they are; one only SQLite can compute (such as
 * CURRENT_TIMESTAMP or an expression) makes the INSERT name the column instead of silently writing NULL.
 * When the table has a segment key, {@code _segment} may be left out too: it reads as NULL here, and
 * {@link trough.core.client.write.RowSegments} takes the segment from the key.
 */
final class ColumnDefaults extends NullInitializerExpressionFactory {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern REAL = Pattern.compile("[+-]?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?");

    private final TableShape shape;
    private final boolean keyed;

    ColumnDefaults(TableShape shape, boolean keyed) {
        this.shape = shape;
        this.keyed = keyed;
    }

    @Override
    public ColumnStrategy generationStrategy(RelOptTable table, int column) {
        if (column < shape.columns().size() && shape.columns().get(column).defaultSql() != null) return ColumnStrategy.DEFAULT;
        if (column == shape.columns().size() && keyed) return ColumnStrategy.DEFAULT;
        return super.generationStrategy(table, column);
    }

    @Override
    public RexNode newColumnDefaultValue(RelOptTable table, int column, InitializerContext context) {
        if (column == shape.columns().size() && keyed) {
            return context.getRexBuilder().makeNullLiteral(table.getRowType().getFieldList().get(column).getType());
        }
        if (column >= shape.columns().size() || shape.columns().get(column).defaultSql() == null) {
            return super.newColumnDefaultValue(table, column, context);
        }
        TableShape.ColumnShape declared = shape.columns().get(column);
        RelDataType type = table.getRowType().getFieldList().get(column).getType();
        RexBuilder rex = context.getRexBuilder();
        String sql = unwrapParentheses(declared.defaultSql().strip());
        String upper = sql.toUpperCase(Locale.ROOT);
        if (upper.equals("NULL")) return rex.makeNullLiteral(type);
        if (upper.equals("TRUE") || upper.equals("FALSE")) return rex.makeLiteral(upper.equals("TRUE") ? BigDecimal.ONE : BigDecimal.ZERO, type, true);
        if (INTEGER.matcher(sql).matches() || REAL.matcher(sql).matches()) return rex.makeLiteral(new BigDecimal(sql), type, true);
        if (sql.length() >= 2 && sql.startsWith("'") && sql.endsWith("'")) {
            return rex.makeLiteral(sql.substring(1, sql.length() - 1).replace("''", "'"), type, true);
        }
        if (sql.length() >= 3 && (sql.startsWith("X'") || sql.startsWith("x'")) && sql.endsWith("'")) {
            return rex.makeLiteral(new ByteString(HexFormat.of().parseHex(sql.substring(2, sql.length() - 1))), type, true);
        }
        throw new UnsupportedOperationException("column " + declared.name() + " of " + shape.name() + " has DEFAULT " + declared.defaultSql()
                + ", which only SQLite can compute; name the column in the INSERT and give its value");
    }

    private static String unwrapParentheses(String sql) {
        while (sql.length() >= 2 && sql.startsWith("(") && sql.endsWith(")")) sql = sql.substring(1, sql.length() - 1).strip();
        return sql;
    }
}
