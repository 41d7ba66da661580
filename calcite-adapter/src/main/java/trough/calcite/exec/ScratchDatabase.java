package trough.calcite.exec;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;
import trough.core.client.RowSource;
import trough.core.client.TroughQueryException;
import trough.core.scan.ParameterBinding;
import trough.core.sqlite.CompiledStatement;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;

/**
 * The client's own SQLite database for one statement: each Trough table it reads becomes a table of the same
 * name and declared column types (so the same affinities), in a database named after its schema, and the
 * statement runs there as the user wrote it. What runs on the client is therefore SQLite itself, with
 * SQLite's semantics for every function, comparison and type. SQLite's own temporary database, of which it
 * keeps {@value #CACHE_BYTES} bytes in memory: large inputs spill to disk, not to the heap
 * ({@link SqliteConnections#openScratch}).
 */
public final class ScratchDatabase implements AutoCloseable {
    static final long CACHE_BYTES = 64L << 20;
    private static final int INSERT_BATCH = 1000;

    private final SQLiteConnection connection;

    private ScratchDatabase(SQLiteConnection connection) {
        this.connection = connection;
    }

    /**
     * A database with the tables, empty. Tables of {@code defaultSchema} are found by unqualified names first,
     * as in Trough; the schema {@code main} is SQLite's own main database.
     */
    public static ScratchDatabase create(List<ScratchTable> tables, String defaultSchema) {
        return create(tables, defaultSchema, CACHE_BYTES);
    }

    /** {@link #create} keeping at most {@code cacheBytes} of the rows in memory. */
    static ScratchDatabase create(List<ScratchTable> tables, String defaultSchema, long cacheBytes) {
        SQLiteConnection connection = null;
        try {
            connection = SqliteConnections.openScratch(cacheBytes);
            ScratchDatabase database = new ScratchDatabase(connection);
            database.createTables(tables, defaultSchema);
            return database;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new TroughQueryException("cannot prepare the client's scratch database: " + e.getMessage(), e);
        }
    }

    private void createTables(List<ScratchTable> tables, String defaultSchema) throws SQLException {
        Set<String> schemas = new LinkedHashSet<>();
        if (defaultSchema != null) schemas.add(defaultSchema.toLowerCase(Locale.ROOT));
        tables.forEach(table -> schemas.add(table.schema().toLowerCase(Locale.ROOT)));
        // Segment connections may attach nothing; this database attaches one per schema it holds.
        connection.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, schemas.size());
        try (Statement ddl = connection.createStatement()) {
            for (String schema : schemas) {
                // An empty name is a private temporary database; attached first, found first by unqualified names.
                if (!schema.equals("main")) ddl.executeUpdate("ATTACH '' AS " + SqlScript.quoteIdentifier(schema));
            }
            for (ScratchTable table : tables) {
                StringJoiner columns = new StringJoiner(", ", "CREATE TABLE " + qualified(table) + " (", ")");
                for (TableShape.ColumnShape column : table.columns()) {
                    String type = column.declaredType() == null ? "" : " " + column.declaredType();
                    columns.add(SqlScript.quoteIdentifier(column.name()) + type);
                }
                ddl.executeUpdate(columns.toString());
            }
        }
    }

    private static String qualified(ScratchTable table) {
        return SqlScript.quoteIdentifier(table.schema()) + "." + SqlScript.quoteIdentifier(table.name());
    }

    /** Inserts every row of {@code rows} (closed at the end) into {@code table}, then builds its indexes. */
    public void load(ScratchTable table, RowSource rows) {
        StringJoiner marks = new StringJoiner(", ", "INSERT INTO " + qualified(table) + " VALUES (", ")");
        for (int i = 0; i < table.columns().size(); i++) marks.add("?");
        try (rows; PreparedStatement insert = connection.prepareStatement(marks.toString())) {
            connection.setAutoCommit(false);
            int batched = 0;
            List<Object> values = new ArrayList<>(table.columns().size());
            for (Object[] row = rows.next(); row != null; row = rows.next()) {
                values.clear();
                for (Object value : row) values.add(value);
                ParameterBinding.bind(insert, values);
                insert.addBatch();
                if (++batched == INSERT_BATCH) {
                    insert.executeBatch();
                    batched = 0;
                }
            }
            if (batched > 0) insert.executeBatch();
            try (Statement ddl = connection.createStatement()) {
                int n = 0;
                for (List<String> index : table.indexes()) {
                    StringJoiner columns = new StringJoiner(", ", "CREATE INDEX " + SqlScript.quoteIdentifier(table.schema()) + "."
                            + SqlScript.quoteIdentifier("trough_" + table.name() + "_" + n++) + " ON " + SqlScript.quoteIdentifier(table.name()) + " (", ")");
                    index.forEach(column -> columns.add(SqlScript.quoteIdentifier(column)));
                    ddl.executeUpdate(columns.toString());
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new TroughQueryException("cannot keep the rows of table " + table.name() + " in the client's scratch database: "
                    + e.getMessage(), e);
        }
    }

    /** Compiles {@code sql} against the tables; SQLite's error, as SQLite words it, when it cannot. */
    public PreparedStatement prepare(String sql) throws SQLException {
        return connection.prepareStatement(sql);
    }

    /** The tables {@code sql} reads, or null when it would write ({@link CompiledStatement#tablesRead}). */
    public List<CompiledStatement.TableName> tablesRead(String sql) throws SQLException {
        return CompiledStatement.tablesRead(connection, sql);
    }

    /**
     * The rows of {@code sql} with {@code values} bound, read as they are stepped from the first
     * {@link StatementRows#next}; closing them closes this database.
     */
    public StatementRows query(String sql, List<Object> values) {
        try {
            PreparedStatement statement = connection.prepareStatement(sql);
            ParameterBinding.bind(statement, values);
            return new StatementRows(statement, this);
        } catch (SQLException e) {
            throw new TroughQueryException("the statement failed on the client's SQLite: " + e.getMessage(), e);
        }
    }


    /** How many bytes its tables and indexes take, in memory and spilled. */
    long sizeBytes() throws SQLException {
        long bytes = 0;
        try (Statement pragma = connection.createStatement()) {
            for (String schema : schemas()) {
                try (var size = pragma.executeQuery("SELECT page_count * page_size FROM " + SqlScript.quoteIdentifier(schema) + ".pragma_page_count, "
                        + SqlScript.quoteIdentifier(schema) + ".pragma_page_size")) {
                    if (size.next()) bytes += size.getLong(1);
                }
            }
        }
        return bytes;
    }

    /** The page cache SQLite keeps in memory for it, in bytes. */
    long cacheBytes() throws SQLException {
        try (Statement pragma = connection.createStatement(); var cache = pragma.executeQuery("PRAGMA cache_size")) {
            cache.next();
            long size = cache.getLong(1);
            return size < 0 ? -size * 1024 : size * 4096;
        }
    }

    private List<String> schemas() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement pragma = connection.createStatement(); var list = pragma.executeQuery("PRAGMA database_list")) {
            while (list.next()) if (!"temp".equals(list.getString(2))) names.add(list.getString(2));
        }
        return names;
    }

    public boolean isClosed() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(SQLiteConnection connection) {
        try {
            if (connection != null) connection.close();
        } catch (SQLException ignored) {
            // scratch data: nothing to lose; SQLite deletes its temporary file itself
        }
    }
}
