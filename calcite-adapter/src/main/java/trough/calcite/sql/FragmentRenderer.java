package trough.calcite.sql;

import com.google.common.collect.ImmutableList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlString;
import org.apache.calcite.util.Util;
import trough.calcite.exec.RenderedSql;
import trough.calcite.exec.TableShape;
import trough.calcite.schema.TroughTable;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;

/**
 * Renders a relational tree as SQLite SQL with {@link TroughSqlDialect}.
 *
 * <p>A Trough table renders as the table the way Trough shows it: {@code (SELECT "a", "b", trough_segment()
 * AS "_segment" FROM "t")}, where a column the target segments lack is {@code NULL AS "c"}. SQLite's query
 * flattener folds that sub-query into the outer query, so indexes are used as on the bare table.
 */
public final class FragmentRenderer {
    private static final SqlParser.Config PARSER = SqlParser.config().withQuoting(Quoting.DOUBLE_QUOTE).withCaseSensitive(true);

    private FragmentRenderer() {}

    /**
     * SQL for the tree; {@code missingColumns} (lower case) are columns the target segments lack. Statement
     * parameters render as {@code ?}, and the answer lists which parameter each one is, in order.
     */
    public static RenderedSql render(RelNode root, Set<String> missingColumns) {
        SqlNode node = new Converter(missingColumns).visitRoot(root).asStatement();
        if (root instanceof Aggregate aggregate) node = distinctIfOnlyGrouped(aggregate, node);
        SqlString sql = node.toSqlString(TroughSqlDialect.INSTANCE);
        List<Integer> parameters = sql.getDynamicParameters();
        return new RenderedSql(sql.getSql(), parameters == null ? List.of() : parameters, dateTimeParameters(root));
    }

    /**
     * A GROUP BY without aggregates, such as each segment's share of {@code count(DISTINCT host)}, as SELECT
     * DISTINCT: SQLite sorts every row for a GROUP BY, where DISTINCT keeps only the distinct values (a third
     * less time on a segment of 50,000 rows and 500 hosts). The answer is the same: the select list is the groups.
     */
    private static SqlNode distinctIfOnlyGrouped(Aggregate aggregate, SqlNode node) {
        boolean onlyGrouped = aggregate.getAggCallList().isEmpty() && aggregate.getGroupType() == Aggregate.Group.SIMPLE
                && !aggregate.getGroupSet().isEmpty();
        if (!onlyGrouped || !(node instanceof SqlSelect select) || select.getGroup() == null || select.getHaving() != null
                || select.isDistinct() || select.getSelectList() == null || select.getSelectList().size() != aggregate.getGroupCount()) {
            return node;
        }
        select.setGroupBy(null);
        select.setOperand(0, new SqlNodeList(List.of(SqlSelectKeyword.DISTINCT.symbol(SqlParserPos.ZERO)), SqlParserPos.ZERO));
        return select;
    }

    private static Map<Integer, SqlTypeName> dateTimeParameters(RelNode root) {
        Map<Integer, SqlTypeName> types = new HashMap<>();
        RexShuttle collector = new RexShuttle() {
            @Override
            public RexNode visitDynamicParam(RexDynamicParam parameter) {
                SqlTypeName type = parameter.getType().getSqlTypeName();
                if (type == SqlTypeName.DATE || type == SqlTypeName.TIME || type == SqlTypeName.TIMESTAMP) types.put(parameter.getIndex(), type);
                return parameter;
            }
        };
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                node.accept(collector);
                super.visit(node, ordinal, parent);
            }
        }.go(root);
        return types;
    }

    /** Public only because Calcite dispatches to {@code visit} methods by reflection. */
    public static final class Converter extends RelToSqlConverter {
        private final Set<String> missing;

        Converter(Set<String> missing) {
            super(TroughSqlDialect.INSTANCE);
            this.missing = missing;
        }

        @Override
        public Result visit(TableScan e) {
            TroughTable table = e.getTable().unwrap(TroughTable.class);
            if (table == null) {
                String name = Util.last(e.getTable().getQualifiedName());
                return result(new SqlIdentifier(name, SqlParserPos.ZERO), ImmutableList.of(Clause.FROM), e, null);
            }
            return result(troughTable(table.shape()), ImmutableList.of(Clause.SELECT), e, null);
        }

        private SqlNode troughTable(TableShape shape) {
            StringJoiner select = new StringJoiner(", ", "SELECT ", " FROM " + SqlScript.quoteIdentifier(shape.name()));
            for (TableShape.ColumnShape column : shape.columns()) {
                boolean absent = missing.contains(column.name().toLowerCase(Locale.ROOT));
                select.add((absent ? "NULL" : SqlScript.quoteIdentifier(column.name())) + " AS " + SqlScript.quoteIdentifier(column.name()));
            }
            select.add(SqliteConnections.SEGMENT_FUNCTION + "() AS " + SqlScript.quoteIdentifier(TroughTable.SEGMENT_COLUMN));
            try {
                return SqlParser.create(select.toString(), PARSER).parseQuery();
            } catch (SqlParseException e) {
                throw new IllegalStateException("cannot read back the table query " + select, e);
            }
        }
    }
}
