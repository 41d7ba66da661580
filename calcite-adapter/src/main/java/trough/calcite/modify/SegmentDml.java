package trough.calcite.modify;

import java.util.List;
import java.util.StringJoiner;
import org.apache.calcite.DataContext;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.rel.rel2sql.SqlImplementor;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import trough.calcite.exec.TableShape;
import trough.calcite.schema.SegmentTable;
import trough.calcite.schema.TroughTable;
import trough.calcite.sql.SegmentPruner;
import trough.calcite.sql.TroughSqlDialect;
import trough.core.client.TroughQueryException;
import trough.core.sqlite.SqlScript;

/**
 * An UPDATE or DELETE through JDBC, as it runs: the {@code _segment} predicate chooses the segments, and each
 * gets the statement with {@code _segment} replaced by its own id, sent to its writer, so each segment's
 * changes commit atomically. A segment for which the condition becomes false is not written at all.
 */
public final class SegmentDml {
    private final TroughTable table;
    private final RexBuilder rexBuilder;
    private final boolean delete;
    private final RexNode condition;
    private final List<String> updateColumns;
    private final List<RexNode> newValues;
    private final int segmentField;

    public SegmentDml(TroughTable table, RexBuilder rexBuilder, boolean delete, RexNode condition, List<String> updateColumns, List<RexNode> newValues) {
        this.table = table;
        this.rexBuilder = rexBuilder;
        this.delete = delete;
        this.condition = condition;
        this.updateColumns = updateColumns;
        this.newValues = newValues;
        this.segmentField = table.shape().columns().size();
    }

    /** Runs the statement on every segment it can touch; answers the rows changed in all. */
    public long run(DataContext context) {
        RexNode where = withParameters(condition, context);
        List<RexNode> values = newValues.stream().map(value -> withParameters(value, context)).toList();
        List<SegmentTable> segments = SegmentPruner.of(table, rexBuilder, List.of(where)).prune(table, null);
        RexSimplify simplify = new RexSimplify(rexBuilder, RelOptPredicateList.EMPTY, RexUtil.EXECUTOR);
        long changed = 0;
        for (SegmentTable segment : segments) {
            String id = segment.segment().value();
            RexNode own = simplify.simplifyUnknownAsFalse(forSegment(where, id));
            if (own.isAlwaysFalse()) continue;
            changed += table.source().writer().write(segment.segment(), sql(own, values.stream().map(value -> forSegment(value, id)).toList()));
        }
        return changed;
    }

    private String sql(RexNode where, List<RexNode> values) {
        String target = SqlScript.quoteIdentifier(table.shape().name());
        StringBuilder sql = new StringBuilder(delete ? "DELETE FROM " + target : "UPDATE " + target);
        if (!delete) {
            StringJoiner set = new StringJoiner(", ", " SET ", "");
            for (int i = 0; i < updateColumns.size(); i++) set.add(SqlScript.quoteIdentifier(updateColumns.get(i)) + " = " + render(values.get(i)));
            sql.append(set);
        }
        if (!where.isAlwaysTrue()) sql.append(" WHERE ").append(render(where));
        return sql.toString();
    }

    private String render(RexNode node) {
        List<TableShape.ColumnShape> columns = table.shape().columns();
        SqlImplementor.SimpleContext context = new SqlImplementor.SimpleContext(TroughSqlDialect.INSTANCE,
                field -> new SqlIdentifier(columns.get(field).name(), SqlParserPos.ZERO));
        return context.toSql(null, node).toSqlString(TroughSqlDialect.INSTANCE).getSql();
    }

    /** The expression with {@code _segment} as the literal id of one segment. */
    private RexNode forSegment(RexNode node, String segment) {
        return node.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return ref.getIndex() == segmentField ? rexBuilder.makeLiteral(segment) : ref;
            }
        });
    }

    /** The expression with each {@code ?} replaced by the value the statement was executed with. */
    private RexNode withParameters(RexNode node, DataContext context) {
        return node.accept(new RexShuttle() {
            @Override
            public RexNode visitDynamicParam(RexDynamicParam parameter) {
                Object value = context.get("?" + parameter.getIndex());
                if (value == null) return rexBuilder.makeNullLiteral(parameter.getType());
                try {
                    return rexBuilder.makeLiteral(value, parameter.getType(), true);
                } catch (RuntimeException e) {
                    throw new TroughQueryException("parameter " + (parameter.getIndex() + 1) + " (" + value + ") does not fit " + parameter.getType(), e);
                }
            }
        });
    }
}
