package trough.jdbc.spark;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The JDBC calls Apache Spark 3.5's JDBC source makes to append rows to an existing table
 * ({@code JdbcUtils.saveTable} and {@code savePartition}, default dialect): the existence probe, the schema
 * probe {@code SELECT * FROM t WHERE 1=0}, an INSERT of every column the probe showed (so never
 * {@code _segment}, which {@code *} hides) with quoted names, rows bound with the setter of their type and
 * sent in batches of {@value #BATCH_SIZE}, and a commit when the driver says it supports transactions.
 */
public final class SparkStyleAppend {
    static final int BATCH_SIZE = 1000;

    private SparkStyleAppend() {}

    /** Appends the rows (values in the probe's column order) as Spark would; answers the columns it wrote. */
    public static List<String> append(Connection connection, String table, List<Object[]> rows) throws SQLException {
        try (Statement probe = connection.createStatement()) {
            probe.executeQuery("SELECT 1 FROM " + table + " WHERE 1=0").close();
        }
        List<String> columns = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        try (Statement probe = connection.createStatement(); ResultSet schema = probe.executeQuery("SELECT * FROM " + table + " WHERE 1=0")) {
            ResultSetMetaData meta = schema.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i));
                types.add(meta.getColumnType(i));
            }
        }
        StringJoiner names = new StringJoiner(",", "INSERT INTO " + table + " (", ") VALUES ");
        StringJoiner marks = new StringJoiner(",", "(", ")");
        for (String column : columns) {
            names.add("\"" + column + "\"");
            marks.add("?");
        }
        DatabaseMetaData meta = connection.getMetaData();
        // Spark's JdbcUtils.savePartition asks exactly this before it turns auto-commit off.
        boolean transactions = meta.supportsDataManipulationTransactionsOnly() || meta.supportsDataDefinitionAndDataManipulationTransactions();
        if (transactions) connection.setAutoCommit(false);
        boolean committed = false;
        try (PreparedStatement insert = connection.prepareStatement(names + marks.toString())) {
            int pending = 0;
            for (Object[] row : rows) {
                for (int i = 0; i < columns.size(); i++) set(insert, i + 1, row[i], types.get(i));
                insert.addBatch();
                if (++pending % BATCH_SIZE == 0) insert.executeBatch();
            }
            if (pending % BATCH_SIZE != 0) insert.executeBatch();
            if (transactions) connection.commit();
            committed = true;
        } finally {
            if (!committed && transactions) connection.rollback();
        }
        return columns;
    }

    private static void set(PreparedStatement insert, int position, Object value, int type) throws SQLException {
        if (value == null) insert.setNull(position, type);
        else if (value instanceof Long l) insert.setLong(position, l);
        else if (value instanceof Integer n) insert.setInt(position, n);
        else if (value instanceof Double d) insert.setDouble(position, d);
        else insert.setString(position, value.toString());
    }
}
