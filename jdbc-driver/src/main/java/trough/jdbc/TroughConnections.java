package trough.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import trough.calcite.schema.SegmentSource;
import trough.jdbc.batch.BatchedInsert;
import trough.jdbc.meta.KeyMetadata;

/**
 * The connection the driver hands out: Calcite's, except that its {@link DatabaseMetaData} answers
 * {@code getPrimaryKeys} and {@code getIndexInfo} from the tables' DDL, and a batch of a one-row INSERT goes
 * out as multi-row INSERTs ({@link BatchedInsert}). Calcite's connection and metadata classes cannot be
 * extended (their types are not public); a JDBC proxy passes every other call through unchanged. Its
 * statements carry their fetch size to the queries ({@link StatementFetchSize}).
 */
public final class TroughConnections {
    private TroughConnections() {}

    public static Connection wrap(Connection calcite, Map<String, SegmentSource> schemas) {
        KeyMetadata keys = new KeyMetadata(calcite, Map.copyOf(schemas));
        Connection[] self = new Connection[1];
        self[0] = (Connection) Proxy.newProxyInstance(TroughConnections.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getMetaData") && method.getParameterCount() == 0) {
                        return metaData(calcite.getMetaData(), keys, self[0]);
                    }
                    if (method.getName().equals("prepareStatement") && method.getParameterCount() == 1) {
                        return StatementFetchSize.wrap(BatchedInsert.prepare(calcite, (String) args[0], schemas));
                    }
                    Object answer = pass(calcite, method, args);
                    if (answer instanceof PreparedStatement prepared) return StatementFetchSize.wrap(prepared);
                    if (answer instanceof Statement statement) return StatementFetchSize.wrap(statement);
                    return answer;
                });
        return self[0];
    }

    private static DatabaseMetaData metaData(DatabaseMetaData calcite, KeyMetadata keys, Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "getPrimaryKeys" -> keys.primaryKeys((String) args[1], (String) args[2]);
            case "getIndexInfo" -> keys.indexInfo((String) args[1], (String) args[2], (Boolean) args[3]);
            case "getConnection" -> connection;
            default -> pass(calcite, method, args);
        };
        return (DatabaseMetaData) Proxy.newProxyInstance(TroughConnections.class.getClassLoader(), new Class<?>[] {DatabaseMetaData.class}, handler);
    }

    private static Object pass(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
