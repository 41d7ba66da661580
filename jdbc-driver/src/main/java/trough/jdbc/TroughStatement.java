package trough.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Arrays;
import java.util.regex.Pattern;
import javax.sql.rowset.serial.SerialBlob;
import trough.calcite.exec.FetchSizes;
import trough.jdbc.batch.BatchedInsert;

/**
 * The statements the driver hands out: Calcite's, with what JDBC clients expect of them. A statement files
 * its {@link Statement#setFetchSize fetch size} where the queries it executes find it, which Calcite would not
 * do (see {@link FetchSizes}); until the application sets one, the connection's {@code fetchSize} property applies.
 * A whole number bound to an INTEGER parameter ({@code LIMIT ?}) with {@code setLong}, {@code setObject} or
 * {@code setBigDecimal} is bound as the int Calcite's generated code expects. A write while auto-commit is
 * off is refused (see {@link TroughConnection}). Its result sets answer {@code getStatement()} with this
 * statement, and every failure is a SQLException with a SQLState ({@link DriverErrors}). A prepared one-row
 * INSERT of parameters sends its batches as multi-row writes ({@link BatchedInsert}).
 */
final class TroughStatement implements InvocationHandler {
    /** A statement that writes: its first word, after comments and parentheses. */
    private static final Pattern WRITE = Pattern.compile("(?is)^(?:\\s|\\(|--[^\\n]*\\n|/\\*.*?\\*/)*(INSERT|UPDATE|DELETE|MERGE|UPSERT|REPLACE)\\b.*");

    private final Statement statement;
    private final TroughConnection connection;
    private final String preparedSql;
    /** The batch of a one-row INSERT of parameters, else null. */
    private final BatchedInsert batch;
    private Statement self;

    private TroughStatement(Statement statement, TroughConnection connection, String preparedSql, BatchedInsert batch) {
        this.statement = statement;
        this.connection = connection;
        this.preparedSql = preparedSql;
        this.batch = batch;
    }

    static Statement wrap(Statement statement, TroughConnection connection) {
        return proxy(statement, Statement.class, new TroughStatement(statement, connection, null, null));
    }

    static PreparedStatement wrap(PreparedStatement statement, TroughConnection connection, String sql, BatchedInsert batch) {
        return proxy(statement, PreparedStatement.class, new TroughStatement(statement, connection, sql, batch));
    }

    private static <T extends Statement> T proxy(T statement, Class<T> type, TroughStatement handler) {
        T proxy = type.cast(Proxy.newProxyInstance(TroughStatement.class.getClassLoader(), new Class<?>[] {type}, handler));
        handler.self = proxy;
        return proxy;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (batch != null) {
            if (BatchedInsert.isSetter(method, args)) {
                batch.set(method, args);
                return null;
            }
            switch (name) {
                case "addBatch" -> {
                    if (args == null) {
                        batch.addBatch();
                        return null;
                    }
                }
                case "clearBatch" -> {
                    batch.clearBatch();
                    return null;
                }
                case "executeBatch", "executeLargeBatch" -> {
                    if (!connection.autoCommit()) throw TroughConnection.writeInTransaction();
                    int[] counts;
                    try {
                        counts = batch.executeBatch();
                    } catch (SQLException | RuntimeException e) {
                        throw connection.error(e, preparedSql);
                    }
                    return name.equals("executeBatch") ? counts : Arrays.stream(counts).asLongStream().toArray();
                }
                case "clearParameters" -> batch.clearParameters();
                case "close" -> batch.close();
                default -> batch.applyPending(call -> set(call.method(), call.args()));
            }
        }
        if (BatchedInsert.isSetter(method, args)) {
            set(method, args);
            return null;
        }
        switch (name) {
            case "setFetchSize" -> {
                statement.setFetchSize((Integer) args[0]);
                connection.fetchSize(statement, (Integer) args[0]);
                return null;
            }
            case "getConnection" -> {
                return connection.proxy();
            }
            case "getGeneratedKeys" -> {
                // Trough has no generated keys (no AUTOINCREMENT across segments): the answer is no rows.
                return results(connection.noGeneratedKeys(), null);
            }
            default -> { }
        }
        if (name.startsWith("execute")) {
            String sql = args != null && args.length > 0 && args[0] instanceof String text ? text : preparedSql;
            if (!connection.autoCommit() && sql != null && WRITE.matcher(sql).matches()) throw TroughConnection.writeInTransaction();
            Object answer = call(method, args, sql);
            return answer instanceof ResultSet results ? results(results, sql) : answer;
        }
        Object answer = call(method, args, preparedSql);
        return answer instanceof ResultSet results ? results(results, preparedSql) : answer;
    }

    /** Sets a parameter on Calcite's statement. */
    private void set(Method method, Object[] args) throws SQLException {
        switch (method.getName()) {
            case "setLong", "setObject", "setBigDecimal", "setShort", "setByte" -> {
                if (isIntegerParameter((Integer) args[0])) {
                    ((PreparedStatement) statement).setInt((Integer) args[0], asInt(args[1], (Integer) args[0]));
                    return;
                }
            }
            default -> { }
        }
        call(method, args, preparedSql);
    }

    private boolean isIntegerParameter(int index) {
        try {
            return statement instanceof PreparedStatement prepared && prepared.getParameterMetaData().getParameterType(index) == Types.INTEGER;
        } catch (SQLException e) {
            return false; // the bind itself reports a bad index
        }
    }

    private static int asInt(Object value, int index) throws SQLException {
        long whole;
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            whole = ((Number) value).longValue();
        } else if (value instanceof BigDecimal || value instanceof BigInteger) {
            try {
                whole = value instanceof BigDecimal decimal ? decimal.longValueExact() : ((BigInteger) value).longValueExact();
            } catch (ArithmeticException e) {
                throw new SQLException("parameter " + index + " needs a whole number, not " + value, DriverErrors.DATA);
            }
        } else {
            throw new SQLException("parameter " + index + " needs a whole number, not " + (value == null ? "NULL" : value.getClass().getSimpleName()),
                    DriverErrors.DATA);
        }
        if (whole != (int) whole) {
            throw new SQLException("parameter " + index + " is at most " + Integer.MAX_VALUE + ", not " + whole, "22003");
        }
        return (int) whole;
    }

    /**
     * Rows whose {@code getStatement()} is the application's statement, whose failures carry a SQLState, whose
     * binary columns also answer {@code getBlob} (Calcite's answer only {@code getBytes}), and whose untyped
     * columns answer every getter ({@link UntypedColumns}).
     */
    private ResultSet results(ResultSet results, String sql) {
        UntypedColumns untyped = new UntypedColumns(results);
        return (ResultSet) Proxy.newProxyInstance(TroughStatement.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (proxy, method, args) -> {
            if (untyped.reads(method.getName(), args)) {
                try {
                    return untyped.read(method.getName(), args);
                } catch (SQLException e) {
                    throw connection.error(e, sql);
                }
            }
            switch (method.getName()) {
                case "getStatement" -> {
                    return self;
                }
                case "getBlob" -> {
                    byte[] bytes = args[0] instanceof Integer index ? results.getBytes(index) : results.getBytes((String) args[0]);
                    return bytes == null ? null : new SerialBlob(bytes);
                }
                default -> {
                    return connection.call(results, method, args, sql);
                }
            }
        });
    }

    private Object call(Method method, Object[] args, String sql) throws SQLException {
        try {
            return method.invoke(statement, args);
        } catch (InvocationTargetException e) {
            throw connection.error(e.getCause(), sql);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
