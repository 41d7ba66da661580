package trough.calcite.sql;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.sql.SqlAbstractDateTimeLiteral;
import org.apache.calcite.sql.SqlAlienSystemTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.SqliteSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import trough.core.sqlite.SqlScript;

/**
 * Calcite's SQLite dialect, built explicitly with the SQLite version in use (detection from a connection
 * falls back to ANSI, whose {@code FETCH NEXT} SQLite rejects), and with MOD written as SQLite's integer
 * {@code %} operator rather than its {@code mod()} math function, which answers REAL, and casts to SQLite's
 * type names, and dates as the text SQLite keeps them in.
 */
public final class TroughSqlDialect extends SqliteSqlDialect {
    public static final SqlDialect INSTANCE = new TroughSqlDialect(SqliteSqlDialect.DEFAULT_CONTEXT
            .withDatabaseProductName("SQLite")
            .withDatabaseMajorVersion(3)
            .withDatabaseMinorVersion(51));

    private TroughSqlDialect(Context context) {
        super(context);
    }

    /** Casts name SQLite's types; Calcite's own names would carry lengths and character sets SQLite cannot read. */
    @Override
    public SqlNode getCastSpec(RelDataType type) {
        String name = switch (type.getSqlTypeName()) {
            case BIGINT, INTEGER, SMALLINT, TINYINT, BOOLEAN -> "INTEGER";
            case DOUBLE, FLOAT, REAL -> "REAL";
            case DECIMAL -> "NUMERIC";
            case CHAR, VARCHAR -> "TEXT";
            case BINARY, VARBINARY -> "BLOB";
            case DATE, TIME, TIMESTAMP -> "TEXT";
            case ANY -> "ANY"; // dropped again in unparseCall: a cast to ANY only reconciles Calcite's types
            default -> null;
        };
        if (name == null) return super.getCastSpec(type);
        return new SqlDataTypeSpec(new SqlAlienSystemTypeNameSpec(name, type.getSqlTypeName(), SqlParserPos.ZERO), SqlParserPos.ZERO);
    }

    /** SQLite has no date literals: its dates are text, compared as text ({@link trough.calcite.exec.SqliteDateTime}). */
    @Override
    public void unparseDateTimeLiteral(SqlWriter writer, SqlAbstractDateTimeLiteral literal, int leftPrec, int rightPrec) {
        writer.literal(SqlScript.quoteLiteral(literal.toFormattedString()));
    }

    /**
     * No cast is implicit in SQLite: a TEXT value compared with a number, or in arithmetic, is converted by
     * affinity rules that differ from CAST ({@code CAST(col AS REAL) > -0.25} is not {@code col > -0.25}), so
     * every cast in a plan is written out.
     */
    @Override
    public boolean supportsImplicitTypeCoercion(RexCall call) {
        return false;
    }

    @Override
    public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        if (call.getKind() == SqlKind.CAST && call.operandCount() == 2 && call.operand(1) instanceof SqlDataTypeSpec spec
                && spec.getTypeName().getSimple().equalsIgnoreCase("ANY")) {
            // A cast to ANY only reconciles Calcite's types; SQLite values need none.
            call.operand(0).unparse(writer, leftPrec, rightPrec);
            return;
        }
        if (call.getKind() == SqlKind.MOD && call.operandCount() == 2) {
            // Inside its own parentheses, with %'s precedence on each side: 17 * x % (38 / y) keeps its parentheses,
            // as * / % bind alike and from the left.
            SqlOperator remainder = SqlStdOperatorTable.PERCENT_REMAINDER;
            SqlWriter.Frame frame = writer.startList("(", ")");
            call.operand(0).unparse(writer, 0, remainder.getLeftPrec());
            writer.sep("%");
            call.operand(1).unparse(writer, remainder.getRightPrec(), 0);
            writer.endList(frame);
            return;
        }
        super.unparseCall(writer, call, leftPrec, rightPrec);
    }
}
