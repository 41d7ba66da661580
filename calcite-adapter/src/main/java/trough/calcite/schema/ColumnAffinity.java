package trough.calcite.schema;

import java.util.Locale;

/** SQLite's type affinity of a declared column type (https://sqlite.org/datatype3.html, section 3.1). */
public enum ColumnAffinity {
    INTEGER, TEXT, BLOB, REAL, NUMERIC;

    /** The affinity SQLite gives a column declared with this type; the rules apply in this order. */
    public static ColumnAffinity of(String declaredType) {
        String type = declaredType == null ? "" : declaredType.toUpperCase(Locale.ROOT);
        if (type.contains("INT")) return INTEGER;
        if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) return TEXT;
        if (type.isEmpty() || type.contains("BLOB")) return BLOB;
        if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) return REAL;
        return NUMERIC;
    }
}
