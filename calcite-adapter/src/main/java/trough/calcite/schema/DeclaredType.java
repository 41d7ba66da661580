package trough.calcite.schema;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The relational (and so JDBC) type Trough shows for a column's declared SQLite type: SQLite's affinity
 * decides, and within NUMERIC affinity the names sqlite-jdbc also recognises (BOOLEAN, DATE, DATETIME,
 * TIMESTAMP, TIME, DECIMAL, NUMERIC) give their own types, as a JDBC tool expects of them. Values are
 * converted to these types as they are read ({@link trough.calcite.exec.ValueCoercion}). A column declared
 * without a type may hold anything and stays ANY.
 */
public final class DeclaredType {
    private static final Pattern PRECISION = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

    private DeclaredType() {}

    /** The nullable relational type of a column declared with {@code declaredType}. */
    public static RelDataType of(String declaredType, RelDataTypeFactory types) {
        SqlTypeName name = name(declaredType);
        RelDataType relType = switch (name) {
            case TIMESTAMP, TIME -> types.createSqlType(name, 3);
            case DECIMAL -> decimal(upper(declaredType), types);
            default -> types.createSqlType(name);
        };
        return types.createTypeWithNullability(relType, true);
    }

    public static SqlTypeName name(String declaredType) {
        String type = upper(declaredType);
        return switch (ColumnAffinity.of(declaredType)) {
            case INTEGER -> SqlTypeName.BIGINT;
            case TEXT -> SqlTypeName.VARCHAR;
            case REAL -> SqlTypeName.DOUBLE;
            case BLOB -> type.isEmpty() ? SqlTypeName.ANY : SqlTypeName.VARBINARY;
            case NUMERIC -> numeric(type);
        };
    }

    private static SqlTypeName numeric(String type) {
        if (type.contains("BOOL")) return SqlTypeName.BOOLEAN;
        if (type.contains("DATETIME") || type.contains("TIMESTAMP")) return SqlTypeName.TIMESTAMP;
        if (type.contains("DATE")) return SqlTypeName.DATE;
        if (type.contains("TIME")) return SqlTypeName.TIME;
        if (type.contains("DEC") || type.contains("NUM") || type.contains("MONEY")) return SqlTypeName.DECIMAL;
        // Any other name (JSON, UUID, STRING, ...) has NUMERIC affinity too, but holds text in practice.
        return SqlTypeName.VARCHAR;
    }

    private static RelDataType decimal(String type, RelDataTypeFactory types) {
        int maxPrecision = types.getTypeSystem().getMaxPrecision(SqlTypeName.DECIMAL);
        Matcher declared = PRECISION.matcher(type);
        int precision = maxPrecision;
        int scale = maxPrecision / 2; // undeclared: room for fractions, as SQLite stores any number
        if (declared.find()) {
            precision = Math.min(maxPrecision, Integer.parseInt(declared.group(1)));
            scale = declared.group(2) == null ? 0 : Math.min(precision, Integer.parseInt(declared.group(2)));
        }
        return types.createSqlType(SqlTypeName.DECIMAL, precision, scale);
    }

    private static String upper(String declaredType) {
        return declaredType == null ? "" : declaredType.toUpperCase(Locale.ROOT).strip();
    }
}
