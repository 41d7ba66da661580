package trough.calcite.scratch;

import java.sql.PreparedStatement;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import trough.calcite.exec.ScratchDatabase;

/**
 * What SQLite says of a query it compiled: its result columns (label, the table a column comes from, the type
 * sqlite-jdbc reports) and how many parameters it takes.
 */
record CompiledQuery(String sql, List<String> labels, List<String> tables, List<String> reportedTypes, int parameterCount) {
    static CompiledQuery of(ScratchDatabase database, String sql) throws SQLException {
        List<String> labels = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        try (PreparedStatement prepared = database.prepare(sql)) {
            ResultSetMetaData columns = prepared.getMetaData();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                labels.add(columns.getColumnLabel(i));
                tables.add(columns.getTableName(i));
                reported.add(columns.getColumnTypeName(i));
            }
            return new CompiledQuery(sql, labels, tables, reported, prepared.getParameterMetaData().getParameterCount());
        }
    }
}
