package trough.jdbc.meta;

import static trough.jdbc.meta.MetadataRows.NO_TEXT;
import static trough.jdbc.meta.MetadataRows.row;
import static trough.jdbc.meta.MetadataRows.text;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import trough.calcite.exec.TableShape;
import trough.calcite.schema.SegmentSource;

/**
 * {@code getPrimaryKeys} and {@code getIndexInfo}, answered from the keys the tables' DDL declares (Calcite's
 * own metadata answers none), as {@link MetadataRows}.
 */
public final class KeyMetadata {
    private static final String PRIMARY_KEY_COLUMNS = "\"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"COLUMN_NAME\", \"KEY_SEQ\", \"PK_NAME\"";
    private static final String INDEX_COLUMNS = "\"TABLE_CAT\", \"TABLE_SCHEM\", \"TABLE_NAME\", \"NON_UNIQUE\", \"INDEX_QUALIFIER\", "
            + "\"INDEX_NAME\", \"TYPE\", \"ORDINAL_POSITION\", \"COLUMN_NAME\", \"ASC_OR_DESC\", \"CARDINALITY\", \"PAGES\", \"FILTER_CONDITION\"";

    private final Connection connection;
    private final Map<String, SegmentSource> schemas;

    public KeyMetadata(Connection connection, Map<String, SegmentSource> schemas) {
        this.connection = connection;
        this.schemas = schemas;
    }

    /** The primary key columns of the matching tables, ordered by column name as JDBC asks. */
    public ResultSet primaryKeys(String schema, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (Match match : tables(schema, table)) {
            List<String> key = match.shape().primaryKey();
            for (int i = 0; i < key.size(); i++) {
                rows.add(row(NO_TEXT, text(match.schema()), text(match.shape().name()), text(key.get(i)), "CAST(" + (i + 1) + " AS SMALLINT)", NO_TEXT));
            }
        }
        String empty = row(NO_TEXT, NO_TEXT, NO_TEXT, NO_TEXT, "CAST(0 AS SMALLINT)", NO_TEXT);
        return query(rows, empty, PRIMARY_KEY_COLUMNS, "\"COLUMN_NAME\"");
    }

    /** The indexes of the matching tables, unique ones only if asked, ordered as JDBC asks. */
    public ResultSet indexInfo(String schema, String table, boolean uniqueOnly) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (Match match : tables(schema, table)) {
            for (TableShape.IndexShape index : match.shape().indexes()) {
                if (uniqueOnly && !index.unique()) continue;
                for (int i = 0; i < index.columns().size(); i++) {
                    rows.add(row(NO_TEXT, text(match.schema()), text(match.shape().name()), index.unique() ? "FALSE" : "TRUE", NO_TEXT,
                            text(index.name()), "CAST(" + DatabaseMetaData.tableIndexOther + " AS SMALLINT)", "CAST(" + (i + 1) + " AS SMALLINT)",
                            text(index.columns().get(i)), "'A'", "CAST(NULL AS BIGINT)", "CAST(NULL AS BIGINT)", NO_TEXT));
                }
            }
        }
        String empty = row(NO_TEXT, NO_TEXT, NO_TEXT, "FALSE", NO_TEXT, NO_TEXT, "CAST(0 AS SMALLINT)", "CAST(0 AS SMALLINT)", NO_TEXT,
                NO_TEXT, "CAST(NULL AS BIGINT)", "CAST(NULL AS BIGINT)", NO_TEXT);
        return query(rows, empty, INDEX_COLUMNS, "\"NON_UNIQUE\", \"TYPE\", \"INDEX_NAME\", \"ORDINAL_POSITION\"");
    }

    private record Match(String schema, TableShape shape) {}

    /** Tables named exactly {@code table} (any case) in schema {@code schema}, or in every schema when it is null. */
    private List<Match> tables(String schema, String table) {
        List<Match> matches = new ArrayList<>();
        schemas.forEach((name, source) -> {
            if (schema != null && !schema.equals(name)) return;
            for (Map.Entry<String, TableShape> entry : source.tables().entrySet()) {
                if (table == null || entry.getKey().equalsIgnoreCase(table)) matches.add(new Match(name, entry.getValue()));
            }
        });
        return matches;
    }

    private ResultSet query(List<String> rows, String emptyRow, String columns, String orderBy) throws SQLException {
        return MetadataRows.query(connection, rows, emptyRow, columns, orderBy);
    }
}
