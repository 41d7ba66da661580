package trough.calcite.prepare;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit casts, noting the ones SQLite would not make. Where text meets a number, Calcite casts
 * one to the other's type ({@code count(*) + '0.5'} becomes {@code count(*) + CAST('0.5' AS BIGINT)}, 1
 * instead of SQLite's 1.5), while SQLite converts by its affinity rules, value by value. A statement with
 * such a cast is not Calcite's to compute: it runs on the client's SQLite as written.
 */
final class SqliteTypeCoercion extends TypeCoercionImpl {
    private boolean mixedTextAndNumbers;

    SqliteTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
        super(typeFactory, validator);
    }

    /** Whether Calcite cast between text and numbers anywhere in the statements validated so far. */
    boolean castTextAndNumbers() {
        return mixedTextAndNumbers;
    }

    // The operands' types are read before Calcite casts them: after, they all have the type cast to.

    @Override
    public boolean binaryArithmeticCoercion(SqlCallBinding binding) {
        List<RelDataType> before = operandTypes(binding);
        return noted(before, super.binaryArithmeticCoercion(binding));
    }

    @Override
    public boolean binaryComparisonCoercion(SqlCallBinding binding) {
        List<RelDataType> before = operandTypes(binding);
        return noted(before, super.binaryComparisonCoercion(binding));
    }

    @Override
    public boolean inOperationCoercion(SqlCallBinding binding) {
        List<RelDataType> before = operandTypes(binding);
        return noted(before, super.inOperationCoercion(binding));
    }

    @Override
    public boolean builtinFunctionCoercion(SqlCallBinding binding, List<RelDataType> operandTypes, List<SqlTypeFamily> expectedFamilies) {
        List<RelDataType> before = operandTypes(binding);
        return noted(before, super.builtinFunctionCoercion(binding, operandTypes, expectedFamilies));
    }

    @Override
    public boolean userDefinedFunctionCoercion(SqlValidatorScope scope, SqlCall call, SqlFunction function) {
        List<RelDataType> before = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) before.add(validator.deriveType(scope, operand));
        return noted(before, super.userDefinedFunctionCoercion(scope, call, function));
    }

    private boolean noted(List<RelDataType> operandTypes, boolean coerced) {
        if (coerced && mixes(operandTypes)) mixedTextAndNumbers = true;
        return coerced;
    }

    private static List<RelDataType> operandTypes(SqlCallBinding binding) {
        List<RelDataType> types = new ArrayList<>();
        for (int i = 0; i < binding.getOperandCount(); i++) {
            RelDataType type = binding.getOperandType(i);
            // An IN list's type is a row of its values' types.
            if (type.isStruct()) type.getFieldList().forEach(field -> types.add(field.getType()));
            else types.add(type);
        }
        return types;
    }

    /** Text and numbers together, or text cast for arithmetic: a cast SQLite would do its own way. */
    private static boolean mixes(List<RelDataType> types) {
        boolean text = types.stream().anyMatch(SqlTypeUtil::isCharacter);
        boolean other = types.stream().anyMatch(type -> SqlTypeUtil.isNumeric(type) || SqlTypeUtil.isBoolean(type));
        return text && other || text && types.stream().allMatch(SqlTypeUtil::isCharacter);
    }
}
