package trough.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.NoSuchStatementException;
import trough.calcite.exec.FetchSizes;
import trough.calcite.schema.SegmentSource;
import trough.jdbc.batch.BatchedInsert;
import trough.jdbc.meta.TroughMetaData;

/**
 * The connection the driver hands out: Calcite's, with what JDBC clients expect of a connection. Calcite's
 * connection classes cannot be extended (their types are not public), so a JDBC proxy passes every call it
 * does not answer itself through unchanged.
 *
 * <p>Transactions: auto-commit is on, and every statement commits on its own (each segment's writes as one
 * SQLite transaction). With auto-commit off, reads work and {@code commit()} / {@code rollback()} succeed,
 * having nothing to do, because a write is refused (SQLState 0A000) rather than committed behind the
 * application's back: Trough cannot yet hold a transaction open across statements on a worker.
 *
 * <p>Its {@link DatabaseMetaData} is {@link TroughMetaData}; a batch of a one-row INSERT goes out as multi-row
 * INSERTs ({@link BatchedInsert}); its statements are {@link TroughStatement}s. A request for a scrollable
 * or updatable result set gets a forward-only, read-only one and a {@link SQLWarning} on the connection, as
 * JDBC allows. Client info (ApplicationName, ...) is kept and answered, and only that.
 */
public final class TroughConnection implements InvocationHandler {
    private final Connection calcite;
    private final Map<String, SegmentSource> schemas;
    private final TroughUrl url;
    private final FetchSizes fetchSizes;
    private final Properties clientInfo = new Properties();
    private final List<SQLWarning> warnings = new ArrayList<>();
    private volatile boolean autoCommit = true;
    private Map<String, Class<?>> typeMap = new HashMap<>();
    private Connection proxy;

    private TroughConnection(Connection calcite, Map<String, SegmentSource> schemas, TroughUrl url, FetchSizes fetchSizes) {
        this.calcite = calcite;
        this.schemas = Map.copyOf(schemas);
        this.url = url;
        this.fetchSizes = fetchSizes;
    }

    /** {@code fetchSizes}: where the connection's plans look for their statement's fetch size. */
    public static Connection wrap(Connection calcite, Map<String, SegmentSource> schemas, TroughUrl url, FetchSizes fetchSizes) {
        TroughConnection handler = new TroughConnection(calcite, schemas, url, fetchSizes);
        handler.proxy = (Connection) Proxy.newProxyInstance(TroughConnection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        return handler.proxy;
    }

    static SQLException writeInTransaction() {
        return new SQLFeatureNotSupportedException("writes inside a transaction are not supported: each Trough statement commits on its own. "
                + "Turn auto-commit on (setAutoCommit(true)) to write; a batch or a multi-row INSERT is one transaction per segment",
                DriverErrors.NOT_SUPPORTED);
    }

    Connection proxy() {
        return proxy;
    }

    /** Files the fetch size of one of this connection's statements under its cancel flag, where its plans find it. */
    void fetchSize(Statement statement, int rows) throws SQLException {
        AvaticaStatement avatica = statement.unwrap(AvaticaStatement.class);
        try {
            fetchSizes.set(calcite.unwrap(AvaticaConnection.class).getCancelFlag(avatica.handle), rows);
        } catch (NoSuchStatementException e) {
            throw new SQLException("the statement is closed; create a new one", "HY010", e);
        }
    }

    boolean autoCommit() {
        return autoCommit;
    }

    SQLException error(Throwable failure, String sql) {
        List<String> tables = new ArrayList<>();
        schemas.forEach((schema, source) -> source.tables().keySet().forEach(table -> tables.add(schema + "." + table)));
        tables.sort(null);
        return DriverErrors.of(failure, sql, tables);
    }

    /** Calls {@code method} on {@code target}, reporting a failure with its SQLState. */
    Object call(Object target, Method method, Object[] args, String sql) throws SQLException {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw error(e.getCause(), sql);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    ResultSet noGeneratedKeys() throws SQLException {
        Statement statement = calcite.createStatement();
        statement.closeOnCompletion();
        return statement.executeQuery("SELECT * FROM (VALUES (CAST(NULL AS BIGINT))) AS k(\"GENERATED_KEY\") WHERE FALSE");
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        int arity = method.getParameterCount();
        switch (method.getName()) {
            case "getAutoCommit" -> {
                checkOpen();
                return autoCommit;
            }
            case "setAutoCommit" -> {
                checkOpen();
                autoCommit = (Boolean) args[0];
                return null;
            }
            case "commit", "rollback" -> {
                checkOpen();
                if (arity == 1) throw new SQLFeatureNotSupportedException("savepoints are not supported: there is no open transaction", DriverErrors.NOT_SUPPORTED);
                return null; // nothing is ever pending: see the class comment
            }
            case "getTransactionIsolation" -> {
                checkOpen();
                return Connection.TRANSACTION_READ_COMMITTED;
            }
            case "setTransactionIsolation" -> {
                checkOpen();
                // JDBC lets a driver substitute a level; sqlline and pools ask for one on every connection.
                if ((Integer) args[0] != Connection.TRANSACTION_READ_COMMITTED) {
                    warnings.add(new SQLWarning("Trough reads at READ COMMITTED (each statement sees what was committed when it ran), "
                            + "not at the isolation level asked for", "01000"));
                }
                return null;
            }
            case "setSavepoint", "releaseSavepoint" -> throw new SQLFeatureNotSupportedException("savepoints are not supported: each statement commits on its own",
                    DriverErrors.NOT_SUPPORTED);
            case "setClientInfo" -> {
                setClientInfo(args);
                return null;
            }
            case "getClientInfo" -> {
                return arity == 0 ? clientInfo.clone() : clientInfo.getProperty((String) args[0]);
            }
            case "getTypeMap" -> {
                return new HashMap<>(typeMap);
            }
            case "setTypeMap" -> {
                typeMap = new HashMap<>(castTypeMap(args[0]));
                return null;
            }
            case "nativeSQL" -> {
                return args[0]; // Trough runs the SQL as written
            }
            case "isReadOnly" -> {
                return false;
            }
            case "setReadOnly" -> {
                return null; // a hint JDBC lets a driver ignore
            }
            case "getWarnings" -> {
                return warnings();
            }
            case "clearWarnings" -> {
                warnings.clear();
                calcite.clearWarnings();
                return null;
            }
            case "close" -> {
                try {
                    calcite.close();
                } finally {
                    // Their open files (file mode) go with the connection; closing twice is harmless.
                    schemas.values().forEach(SegmentSource::close);
                }
                return null;
            }
            case "getMetaData" -> {
                return TroughMetaData.wrap(calcite.getMetaData(), proxy, schemas, url.withoutSecrets(), url.get(ConnectionProperty.USER));
            }
            case "createStatement" -> {
                if (arity >= 2) downgrade((Integer) args[0], (Integer) args[1]);
                return TroughStatement.wrap(calcite.createStatement(), this);
            }
            case "prepareStatement" -> {
                String sql = (String) args[0];
                if (arity >= 3) downgrade((Integer) args[1], (Integer) args[2]);
                // prepareStatement(sql, RETURN_GENERATED_KEYS) and its column forms: getGeneratedKeys answers no rows.
                return prepare(sql);
            }
            default -> {
                Object answer = call(calcite, method, args, null);
                if (answer instanceof PreparedStatement prepared) return TroughStatement.wrap(prepared, this, (String) args[0], null);
                if (answer instanceof Statement statement) return TroughStatement.wrap(statement, this);
                return answer;
            }
        }
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        try {
            return TroughStatement.wrap(calcite.prepareStatement(sql), this, sql, BatchedInsert.of(calcite, sql, schemas));
        } catch (SQLException | RuntimeException e) {
            throw error(e, sql);
        }
    }

    private void setClientInfo(Object[] args) throws SQLException {
        if (calcite.isClosed()) throw new SQLClientInfoException("the connection is closed", "08003", Map.of(), null);
        if (args[0] instanceof Properties properties) {
            clientInfo.clear();
            clientInfo.putAll(properties);
        } else if (args[1] == null) {
            clientInfo.remove(args[0]);
        } else {
            clientInfo.setProperty((String) args[0], (String) args[1]);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Class<?>> castTypeMap(Object map) {
        return map == null ? Map.of() : (Map<String, Class<?>>) map;
    }

    private void downgrade(int type, int concurrency) {
        if (type != ResultSet.TYPE_FORWARD_ONLY || concurrency != ResultSet.CONCUR_READ_ONLY) {
            warnings.add(new SQLWarning("Trough result sets are forward-only and read-only: the statement gets one instead of the "
                    + (type != ResultSet.TYPE_FORWARD_ONLY ? "scrollable" : "updatable") + " kind asked for; read the rows in order", "01000"));
        }
    }

    private SQLWarning warnings() throws SQLException {
        SQLWarning first = null;
        List<SQLWarning> all = new ArrayList<>(warnings);
        SQLWarning calciteWarnings = calcite.getWarnings();
        if (calciteWarnings != null) all.add(calciteWarnings);
        for (SQLWarning warning : all) {
            if (first == null) first = new SQLWarning(warning.getMessage(), warning.getSQLState());
            else first.setNextWarning(new SQLWarning(warning.getMessage(), warning.getSQLState()));
        }
        return first;
    }

    private void checkOpen() throws SQLException {
        if (calcite.isClosed()) throw new SQLException("the connection is closed; open a new one", "08003");
    }
}
