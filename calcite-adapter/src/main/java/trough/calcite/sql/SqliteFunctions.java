package trough.calcite.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlBasicFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.util.Optionality;

/**
 * SQLite's own functions, known to the parser so that queries written for SQLite validate. They have no
 * Java implementation: they are always pushed to the segments, where SQLite evaluates them.
 */
public final class SqliteFunctions {
    private static final SqlReturnTypeInference NULLABLE_BIGINT = ReturnTypes.BIGINT_NULLABLE;
    private static final SqlReturnTypeInference NULLABLE_TEXT = ReturnTypes.explicit(SqlTypeName.VARCHAR).andThen(SqlTypeTransforms.FORCE_NULLABLE);

    /** SQLite's TOTAL: the sum as REAL, 0.0 over no rows. It splits like SUM. */
    public static final SqlAggFunction TOTAL = new SqlAggFunction("TOTAL", null, SqlKind.OTHER_FUNCTION,
            ReturnTypes.DOUBLE, null, OperandTypes.ANY, SqlFunctionCategory.NUMERIC, false, false, Optionality.FORBIDDEN) {};

    /**
     * SQLite's GROUP_CONCAT(x [, separator]): the values joined in no defined order. It splits into a
     * GROUP_CONCAT per segment, then a GROUP_CONCAT of those (with the same separator); its DISTINCT form
     * splits like every DISTINCT aggregate.
     */
    public static final SqlAggFunction GROUP_CONCAT = new SqlAggFunction("GROUP_CONCAT", null, SqlKind.OTHER_FUNCTION,
            NULLABLE_TEXT, null, OperandTypes.family(List.of(SqlTypeFamily.ANY, SqlTypeFamily.ANY), i -> i == 1), SqlFunctionCategory.STRING,
            false, false, Optionality.OPTIONAL) {};

    private static final SqlReturnTypeInference NULLABLE_REAL = ReturnTypes.explicit(SqlTypeName.DOUBLE).andThen(SqlTypeTransforms.FORCE_NULLABLE);

    private static final List<SqlOperator> FUNCTIONS = List.of(
            // Date and time functions: their answers are TEXT (or REAL, or INTEGER), as SQLite has no date type.
            // DATE, TIME and DATETIME are keywords: the parser looks them up among the date-time functions.
            dateTime("DATE"),
            dateTime("TIME"),
            dateTime("DATETIME"),
            scalar("STRFTIME", NULLABLE_TEXT, OperandTypes.VARIADIC),
            scalar("JULIANDAY", NULLABLE_REAL, OperandTypes.VARIADIC),
            scalar("UNIXEPOCH", NULLABLE_BIGINT, OperandTypes.VARIADIC),
            scalar("TIMEDIFF", NULLABLE_TEXT, OperandTypes.ANY_ANY),
            scalar("GLOB", NULLABLE_BIGINT, OperandTypes.ANY_ANY),
            scalar("CHAR", NULLABLE_TEXT, OperandTypes.VARIADIC),
            scalar("UNHEX", ReturnTypes.explicit(SqlTypeName.VARBINARY).andThen(SqlTypeTransforms.FORCE_NULLABLE), OperandTypes.VARIADIC),
            scalar("ZEROBLOB", ReturnTypes.explicit(SqlTypeName.VARBINARY), OperandTypes.ANY),
            scalar("OCTET_LENGTH", NULLABLE_BIGINT, OperandTypes.ANY),
            scalar("FORMAT", NULLABLE_TEXT, OperandTypes.VARIADIC),
            scalar("SQLITE_VERSION", ReturnTypes.VARCHAR, OperandTypes.NILADIC),
            scalar("LENGTH", NULLABLE_BIGINT, OperandTypes.ANY),
            scalar("TYPEOF", ReturnTypes.VARCHAR, OperandTypes.ANY),
            scalar("IFNULL", ReturnTypes.LEAST_RESTRICTIVE, OperandTypes.SAME_SAME),
            scalar("IIF", ReturnTypes.ARG1_NULLABLE, OperandTypes.ANY_ANY.or(OperandTypes.family(
                    org.apache.calcite.sql.type.SqlTypeFamily.BOOLEAN, org.apache.calcite.sql.type.SqlTypeFamily.ANY,
                    org.apache.calcite.sql.type.SqlTypeFamily.ANY))),
            scalar("INSTR", NULLABLE_BIGINT, OperandTypes.ANY_ANY),
            scalar("SUBSTR", NULLABLE_TEXT, OperandTypes.ANY_ANY.or(OperandTypes.family(
                    org.apache.calcite.sql.type.SqlTypeFamily.ANY, org.apache.calcite.sql.type.SqlTypeFamily.ANY,
                    org.apache.calcite.sql.type.SqlTypeFamily.ANY))),
            scalar("HEX", NULLABLE_TEXT, OperandTypes.ANY),
            scalar("QUOTE", NULLABLE_TEXT, OperandTypes.ANY),
            scalar("LTRIM", NULLABLE_TEXT, OperandTypes.VARIADIC),
            scalar("RTRIM", NULLABLE_TEXT, OperandTypes.VARIADIC),
            scalar("PRINTF", NULLABLE_TEXT, OperandTypes.VARIADIC),
            scalar("RANDOM", ReturnTypes.BIGINT, OperandTypes.NILADIC),
            scalar("RANDOMBLOB", ReturnTypes.explicit(SqlTypeName.VARBINARY), OperandTypes.ANY),
            scalar("UNICODE", NULLABLE_BIGINT, OperandTypes.ANY),
            TOTAL,
            GROUP_CONCAT);

    public static final SqlOperatorTable TABLE = SqlOperatorTables.of(FUNCTIONS);

    /** Names of the functions above, for the check of what can be pushed. */
    public static final Set<String> NAMES = FUNCTIONS.stream().map(f -> f.getName().toUpperCase(Locale.ROOT)).collect(Collectors.toSet());

    private SqliteFunctions() {}

    private static SqlOperator dateTime(String name) {
        return SqlBasicFunction.create(name, NULLABLE_TEXT, OperandTypes.VARIADIC, SqlFunctionCategory.TIMEDATE);
    }

    private static SqlOperator scalar(String name, SqlReturnTypeInference returnType, org.apache.calcite.sql.type.SqlOperandTypeChecker operands) {
        return SqlBasicFunction.create(name, returnType, operands, SqlFunctionCategory.SYSTEM);
    }
}
