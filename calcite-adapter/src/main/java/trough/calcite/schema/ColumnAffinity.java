package trough.calcite.schema;

import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * SQLite's type affinity of a declared column type (https://sqlite.org/datatype3.html, section 3.1), and the
 * relational type Trough shows for it. Columns without a strict affinity (BLOB, NUMERIC) are ANY: SQLite
 * lets them hold any storage class, and the value is passed on as SQLite answered it.
 */
public enum ColumnAffinity {
    INTEGER(SqlTypeName.BIGINT),
    TEXT(SqlTypeName.VARCHAR),
    BLOB(SqlTypeName.ANY),
    REAL(SqlTypeName.DOUBLE),
    NUMERIC(SqlTypeName.ANY);

    private final SqlTypeName sqlType;

    ColumnAffinity(SqlTypeName sqlType) {
        this.sqlType = sqlType;
    }

    /** The affinity SQLite gives a column declared with this type; the rules apply in this order. */
    public static ColumnAffinity of(String declaredType) {
        String type = declaredType == null ? "" : declaredType.toUpperCase(Locale.ROOT);
        if (type.contains("INT")) return INTEGER;
        if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) return TEXT;
        if (type.isEmpty() || type.contains("BLOB")) return BLOB;
        if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) return REAL;
        return NUMERIC;
    }

    public RelDataType relType(RelDataTypeFactory types) {
        return types.createTypeWithNullability(types.createSqlType(sqlType), true);
    }
}
