package trough.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sqlite.SQLiteConnection;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;

/** The rows of one table of another SQLite file, with their values as stored. */
final class SqliteRecords implements RecordSource {
    private final Path file;
    private final long size;
    private final long total;
    private final SQLiteConnection connection;
    private final Statement statement;
    private final ResultSet rows;
    private final String[] columns;
    private long row;

    SqliteRecords(Path file, String table) throws IOException {
        this.file = file;
        this.size = Files.size(file);
        try {
            this.connection = SqliteConnections.openReadOnly(file);
            this.statement = connection.createStatement();
            try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + SqlScript.quoteIdentifier(table))) {
                this.total = count.next() ? count.getLong(1) : 0;
            }
            this.rows = statement.executeQuery("SELECT * FROM " + SqlScript.quoteIdentifier(table));
            ResultSetMetaData metadata = rows.getMetaData();
            this.columns = new String[metadata.getColumnCount()];
            for (int i = 0; i < columns.length; i++) columns[i] = metadata.getColumnLabel(i + 1);
        } catch (SQLException e) {
            throw new IOException("cannot read table " + table + " of " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LoadRecord next() throws BadRecordException, IOException {
        try {
            if (!rows.next()) return null;
            Object[] values = ResultRows.current(rows, columns.length);
            Map<String, Object> record = new LinkedHashMap<>();
            for (int i = 0; i < columns.length; i++) record.put(columns[i], values[i]);
            return new LoadRecord(++row, record);
        } catch (SQLException e) {
            throw new IOException("cannot read " + file + " after row " + row + ": " + e.getMessage(), e);
        }
    }

    /** The share of the rows read, as a share of the file's bytes. */
    @Override
    public long bytesRead() {
        return total == 0 ? size : (long) (size * ((double) row / total));
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
