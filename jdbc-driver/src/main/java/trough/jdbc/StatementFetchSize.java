package trough.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.Statement;
import trough.calcite.exec.FetchSize;

/**
 * A statement that carries its {@link Statement#setFetchSize fetch size} to the queries it executes, which
 * Calcite would not (see {@link FetchSize}). Until the application sets one, the connection's
 * {@code fetchSize} property applies.
 */
final class StatementFetchSize implements InvocationHandler {
    private final Statement statement;
    private volatile int rows;

    private StatementFetchSize(Statement statement) {
        this.statement = statement;
    }

    static Statement wrap(Statement statement) {
        return proxy(statement, Statement.class);
    }

    static PreparedStatement wrap(PreparedStatement statement) {
        return proxy(statement, PreparedStatement.class);
    }

    private static <T extends Statement> T proxy(T statement, Class<T> type) {
        return type.cast(Proxy.newProxyInstance(StatementFetchSize.class.getClassLoader(), new Class<?>[] {type},
                new StatementFetchSize(statement)));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("setFetchSize")) {
            statement.setFetchSize((Integer) args[0]);
            rows = (Integer) args[0];
            return null;
        }
        if (method.getName().startsWith("execute") && rows > 0) {
            return FetchSize.during(rows, () -> invokeOnStatement(method, args));
        }
        return invokeOnStatement(method, args);
    }

    private Object invokeOnStatement(Method method, Object[] args) throws java.sql.SQLException {
        try {
            return method.invoke(statement, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof java.sql.SQLException sql) throw sql;
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
