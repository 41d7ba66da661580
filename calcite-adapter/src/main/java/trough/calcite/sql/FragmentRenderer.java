package trough.calcite.sql;

import com.google.common.collect.ImmutableList;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.sql.SqlBasicFunction;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.SqliteSqlDialect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.util.Util;
import trough.calcite.schema.TroughTable;
import trough.core.sqlite.SqliteConnections;

/**
 * Renders a relational tree as SQLite SQL with Calcite's SQLite dialect, built explicitly with the SQLite
 * version in use (detection from a connection falls back to ANSI, whose {@code FETCH NEXT} SQLite rejects).
 * Tables render as their bare names; {@code _segment} renders as the segment function each segment
 * connection answers; columns a segment lacks render as NULL.
 */
public final class FragmentRenderer {
    public static final SqlDialect DIALECT = new SqliteSqlDialect(SqliteSqlDialect.DEFAULT_CONTEXT
            .withDatabaseProductName("SQLite")
            .withDatabaseMajorVersion(3)
            .withDatabaseMinorVersion(51));

    private static final SqlBasicFunction SEGMENT_FUNCTION = SqlBasicFunction.create(
            SqliteConnections.SEGMENT_FUNCTION.toUpperCase(Locale.ROOT), ReturnTypes.VARCHAR, OperandTypes.NILADIC,
            SqlFunctionCategory.SYSTEM);

    private FragmentRenderer() {}

    /** SQL for the tree; {@code missingColumns} (lower case) are columns the target segments lack. */
    public static String render(RelNode root, Set<String> missingColumns) {
        SqlNode node = new Converter().visitRoot(root).asStatement();
        node = node.accept(new ColumnRewrite(missingColumns));
        return node.toSqlString(DIALECT).getSql();
    }

    /** Public only because Calcite dispatches to {@code visit} methods by reflection. */
    public static final class Converter extends RelToSqlConverter {
        Converter() {
            super(DIALECT);
        }

        @Override
        public Result visit(TableScan e) {
            TroughTable table = e.getTable().unwrap(TroughTable.class);
            String name = table != null ? table.shape().name() : Util.last(e.getTable().getQualifiedName());
            return result(new SqlIdentifier(name, SqlParserPos.ZERO), ImmutableList.of(Clause.FROM), e, null);
        }
    }

    /** Rewrites column references (never aliases) to {@code _segment} and to missing columns. */
    private static final class ColumnRewrite extends SqlShuttle {
        private final Set<String> missing;

        ColumnRewrite(Set<String> missing) {
            this.missing = missing;
        }

        @Override
        public SqlNode visit(SqlIdentifier id) {
            if (id.isStar()) return id;
            String column = Util.last(id.names).toLowerCase(Locale.ROOT);
            if (column.equals(TroughTable.SEGMENT_COLUMN)) return SEGMENT_FUNCTION.createCall(SqlParserPos.ZERO);
            if (id.names.size() <= 2 && missing.contains(column)) return SqlLiteral.createNull(SqlParserPos.ZERO);
            return id;
        }

        @Override
        public SqlNode visit(SqlCall call) {
            if (call.getKind() == SqlKind.AS) {
                SqlNode operand = call.operand(0);
                SqlNode rewritten = operand.accept(this);
                if (rewritten != operand) call.setOperand(0, rewritten);
                return call;
            }
            return super.visit(call);
        }
    }
}
