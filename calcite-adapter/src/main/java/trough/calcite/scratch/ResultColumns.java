package trough.calcite.scratch;

import java.lang.reflect.Type;
import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;

/** What JDBC says about a statement's columns and parameters, from their relational types (as Calcite's own statements do). */
final class ResultColumns {
    private ResultColumns() {}

    static List<ColumnMetaData> columns(JavaTypeFactory types, RelDataType row) {
        List<ColumnMetaData> columns = new ArrayList<>();
        for (RelDataTypeField field : row.getFieldList()) {
            RelDataType type = field.getType();
            Type javaClass = types.getJavaClass(type);
            ColumnMetaData.Rep rep = ColumnMetaData.Rep.of(javaClass);
            ColumnMetaData.AvaticaType avaticaType = ColumnMetaData.scalar(type.getSqlTypeName().getJdbcOrdinal(),
                    type.getSqlTypeName().getName(), rep == null ? ColumnMetaData.Rep.OBJECT : rep);
            columns.add(new ColumnMetaData(columns.size(), false, true, false, false,
                    type.isNullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls, true, precision(type),
                    field.getName(), field.getName(), null, precision(type), scale(type), null, null, avaticaType, true, false, false,
                    avaticaType.columnClassName()));
        }
        return columns;
    }

    static List<AvaticaParameter> parameters(RelDataType parameterRow) {
        List<AvaticaParameter> parameters = new ArrayList<>();
        for (RelDataTypeField field : parameterRow.getFieldList()) {
            RelDataType type = field.getType();
            parameters.add(new AvaticaParameter(false, precision(type), scale(type), type.getSqlTypeName().getJdbcOrdinal(),
                    type.getSqlTypeName().getName(), Object.class.getName(), field.getName()));
        }
        return parameters;
    }

    private static int precision(RelDataType type) {
        return type.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? 0 : type.getPrecision();
    }

    private static int scale(RelDataType type) {
        return type.getScale() == RelDataType.SCALE_NOT_SPECIFIED ? 0 : type.getScale();
    }
}
