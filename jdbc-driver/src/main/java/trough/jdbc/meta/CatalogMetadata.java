package trough.jdbc.meta;

import static trough.jdbc.meta.MetadataRows.NO_TEXT;
import static trough.jdbc.meta.MetadataRows.integer;
import static trough.jdbc.meta.MetadataRows.matches;
import static trough.jdbc.meta.MetadataRows.row;
import static trough.jdbc.meta.MetadataRows.smallint;
import static trough.jdbc.meta.MetadataRows.text;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;
import trough.calcite.exec.TableShape;
import trough.calcite.schema.DeclaredType;
import trough.calcite.prepare.TroughTypeSystem;
import trough.calcite.schema.SegmentSource;
import trough.calcite.schema.TroughTable;

/**
 * {@code getCatalogs}, {@code getSchemas}, {@code getTables} and {@code getColumns}, answered from Trough's own
 * schemas (as {@link MetadataRows}) rather than from Calcite's root schema, which also shows its internal
 * {@code metadata} schema. There is no catalog: getCatalogs has no rows and TABLE_CAT is NULL everywhere.
 * Column types are those queries answer ({@link trough.calcite.schema.DeclaredType}); {@code _segment} is a
 * VARCHAR that is never NULL.
 */
public final class CatalogMetadata {
    private static final String TABLE_COLUMNS = "\"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"TABLE_TYPE\", \"REMARKS\", \"TYPE_CAT\", "
            + "\"TYPE_SCHEM\", \"TYPE_NAME\", \"SELF_REFERENCING_COL_NAME\", \"REF_GENERATION\"";
    private static final String COLUMN_COLUMNS = "\"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"COLUMN_NAME\", \"DATA_TYPE\", \"TYPE_NAME\", "
            + "\"COLUMN_SIZE\", \"BUFFER_LENGTH\", \"DECIMAL_DIGITS\", \"NUM_PREC_RADIX\", \"NULLABLE\", \"REMARKS\", \"COLUMN_DEF\", "
            + "\"SQL_DATA_TYPE\", \"SQL_DATETIME_SUB\", \"CHAR_OCTET_LENGTH\", \"ORDINAL_POSITION\", \"IS_NULLABLE\", \"SCOPE_CATALOG\", "
            + "\"SCOPE_SCHEMA\", \"SCOPE_TABLE\", \"SOURCE_DATA_TYPE\", \"IS_AUTOINCREMENT\", \"IS_GENERATEDCOLUMN\"";
    /** SQLite's default SQLITE_MAX_LENGTH: the longest text or blob a column can hold. */
    private static final int MAX_LENGTH = 1_000_000_000;
    private static final Pattern DECLARED_LENGTH = Pattern.compile("\\(\\s*(\\d+)\\s*\\)");

    private final Connection connection;
    private final Map<String, SegmentSource> schemas;
    private final RelDataTypeFactory types = new JavaTypeFactoryImpl(TroughTypeSystem.INSTANCE);

    public CatalogMetadata(Connection connection, Map<String, SegmentSource> schemas) {
        this.connection = connection;
        this.schemas = new TreeMap<>(schemas);
    }

    public ResultSet catalogs() throws SQLException {
        return MetadataRows.query(connection, List.of(), row(NO_TEXT), "\"TABLE_CAT\"", "\"TABLE_CAT\"");
    }

    public ResultSet schemas(String schemaPattern) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (String schema : schemas.keySet()) {
            if (matches(schemaPattern, schema)) rows.add(row(text(schema), NO_TEXT));
        }
        return MetadataRows.query(connection, rows, row(NO_TEXT, NO_TEXT), "\"TABLE_SCHEM\", \"TABLE_CATALOG\"", "\"TABLE_SCHEM\"");
    }

    /** Every table is a TABLE; sorted by TABLE_TYPE, TABLE_CAT, TABLE_SCHEM and TABLE_NAME as JDBC asks. */
    public ResultSet tables(String schemaPattern, String tablePattern, String[] tableTypes) throws SQLException {
        List<String> rows = new ArrayList<>();
        if (tableTypes == null || List.of(tableTypes).contains("TABLE")) {
            for (Map.Entry<String, TableShape> table : tables(schemaPattern, tablePattern)) {
                rows.add(row(NO_TEXT, text(table.getKey()), text(table.getValue().name()), text("TABLE"), NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT,
                        NO_TEXT, NO_TEXT));
            }
        }
        String empty = row(NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT);
        return MetadataRows.query(connection, rows, empty, TABLE_COLUMNS, "\"TABLE_TYPE\", \"TABLE_SCHEM\", \"TABLE_NAME\"");
    }

    public ResultSet columns(String schemaPattern, String tablePattern, String columnPattern) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, TableShape> table : tables(schemaPattern, tablePattern)) {
            List<TableShape.ColumnShape> columns = table.getValue().columns();
            for (int i = 0; i < columns.size(); i++) {
                TableShape.ColumnShape column = columns.get(i);
                if (matches(columnPattern, column.name())) {
                    rows.add(column(table.getKey(), table.getValue().name(), column.name(), DeclaredType.of(column.declaredType(), types), column.declaredType(),
                            column.defaultSql(), i + 1, true));
                }
            }
            if (matches(columnPattern, TroughTable.SEGMENT_COLUMN)) {
                rows.add(column(table.getKey(), table.getValue().name(), TroughTable.SEGMENT_COLUMN, types.createSqlType(SqlTypeName.VARCHAR), null,
                        null, columns.size() + 1, false));
            }
        }
        String empty = row(NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT, integer(0), NO_TEXT, integer(0), integer(null), integer(null), integer(null),
                integer(0), NO_TEXT, NO_TEXT, integer(null), integer(null), integer(null), integer(0), NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT,
                smallint(null), NO_TEXT, NO_TEXT);
        return MetadataRows.query(connection, rows, empty, COLUMN_COLUMNS, "\"TABLE_SCHEM\", \"TABLE_NAME\", \"ORDINAL_POSITION\"");
    }

    private String column(String schema, String table, String name, RelDataType type, String declaredType, String defaultSql, int position,
                          boolean nullable) {
        SqlTypeName typeName = type.getSqlTypeName();
        Integer size = size(type, declaredType);
        Integer digits = switch (typeName) {
            case DECIMAL -> type.getScale();
            case TIME, TIMESTAMP -> 3;
            case BIGINT, BOOLEAN -> 0;
            default -> null;
        };
        Integer radix = typeName == SqlTypeName.BIGINT || typeName == SqlTypeName.DOUBLE || typeName == SqlTypeName.DECIMAL ? 10 : null;
        Integer octets = typeName == SqlTypeName.VARCHAR || typeName == SqlTypeName.VARBINARY ? size : null;
        return row(NO_TEXT, text(schema), text(table), text(name), integer(typeName.getJdbcOrdinal()), text(typeName.getName()), integer(size),
                integer(null), integer(digits), integer(radix), integer(nullable ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls),
                declaredType == null || declaredType.isEmpty() ? NO_TEXT : text("declared " + declaredType), text(defaultSql), integer(null),
                integer(null), integer(octets), integer(position), text(nullable ? "YES" : "NO"), NO_TEXT, NO_TEXT, NO_TEXT, smallint(null),
                text("NO"), text("NO"));
    }

    /** COLUMN_SIZE: digits of a number, characters of a date as text, or the declared (else SQLite's longest) length. */
    private static Integer size(RelDataType type, String declaredType) {
        return switch (type.getSqlTypeName()) {
            case BIGINT -> 19;
            case DOUBLE -> 17;
            case DECIMAL -> type.getPrecision();
            case BOOLEAN -> 1;
            case DATE -> 10;
            case TIME -> 12;
            case TIMESTAMP -> 23;
            case VARCHAR, VARBINARY -> declaredLength(declaredType);
            default -> null;
        };
    }

    private static int declaredLength(String declaredType) {
        if (declaredType != null) {
            Matcher length = DECLARED_LENGTH.matcher(declaredType);
            if (length.find()) return (int) Math.min(MAX_LENGTH, Long.parseLong(length.group(1)));
        }
        return MAX_LENGTH;
    }

    /** The tables matching the patterns, by schema then name. */
    private List<Map.Entry<String, TableShape>> tables(String schemaPattern, String tablePattern) {
        List<Map.Entry<String, TableShape>> matches = new ArrayList<>();
        schemas.forEach((schema, source) -> {
            if (!matches(schemaPattern, schema)) return;
            new TreeMap<>(source.tables()).forEach((name, shape) -> {
                if (matches(tablePattern, shape.name())) matches.add(Map.entry(schema, shape));
            });
        });
        return matches;
    }
}
