package trough.jdbc.batch;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import trough.calcite.schema.SegmentSource;

/**
 * A JDBC batch of a one-row {@code INSERT ... VALUES (?, ...)}, sent as multi-row INSERTs of up to
 * {@value #ROWS_PER_STATEMENT} rows instead of one statement per row. Each multi-row statement routes its
 * rows by {@code _segment} or the segment key like any INSERT (one write per segment, atomic there), so a
 * batch of thousands of rows costs a few requests, not thousands. When the columns name {@code _segment} or
 * the key column and the values are plain, the rows skip Calcite's planning altogether ({@link DirectRows}).
 * Everything else passes through to Calcite's statement.
 */
public final class BatchedInsert implements InvocationHandler {
    static final int ROWS_PER_STATEMENT = 500;
    /** Groups: the statement up to VALUES, its table, its columns, and the one row of placeholders. */
    private static final Pattern ONE_ROW_INSERT = Pattern.compile(
            "(?is)\\s*(INSERT\\s+INTO\\s+([^(]+?)\\s*\\(([^)]*)\\))\\s*VALUES\\s*(\\(\\s*\\?\\s*(?:,\\s*\\?\\s*)*\\))\\s*;?\\s*");

    private record SetterCall(Method method, Object[] args) {
        /** The value the setter sets: null for setNull, else its second argument. */
        Object value() {
            return method.getName().equals("setNull") ? null : args[1];
        }
    }

    private final Connection connection;
    private final PreparedStatement single;
    private final String prefix;
    private final String tuple;
    private final int width;
    private final Map<Integer, SetterCall> current = new HashMap<>();
    private final List<Map<Integer, SetterCall>> rows = new ArrayList<>();
    private final Map<Integer, PreparedStatement> multiRow = new LinkedHashMap<>();
    private final DirectRows direct;

    private BatchedInsert(Connection connection, PreparedStatement single, String prefix, String tuple, DirectRows direct) {
        this.connection = connection;
        this.direct = direct;
        this.single = single;
        this.prefix = prefix;
        this.tuple = tuple;
        this.width = (int) tuple.chars().filter(c -> c == '?').count();
    }

    /** The statement prepared for {@code sql}, batching its rows when it is a one-row INSERT of parameters. */
    public static PreparedStatement prepare(Connection connection, String sql, Map<String, SegmentSource> sources) throws SQLException {
        PreparedStatement single = connection.prepareStatement(sql);
        Matcher matcher = ONE_ROW_INSERT.matcher(sql);
        if (!matcher.matches()) return single;
        DirectRows direct = DirectRows.of(sources, matcher.group(2), List.of(matcher.group(3).split(",")));
        return (PreparedStatement) Proxy.newProxyInstance(BatchedInsert.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                new BatchedInsert(connection, single, matcher.group(1), matcher.group(4), direct));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.startsWith("set") && args != null && args.length >= 2 && method.getParameterTypes()[0] == int.class) {
            current.put((Integer) args[0], new SetterCall(method, args.clone()));
        } else if (name.equals("clearParameters")) {
            current.clear();
        } else if (name.equals("addBatch") && (args == null || args.length == 0)) {
            rows.add(new HashMap<>(current));
            return null;
        } else if (name.equals("clearBatch")) {
            rows.clear();
            return null;
        } else if (name.equals("executeBatch")) {
            return executeBatch();
        } else if (name.equals("executeLargeBatch")) {
            return Arrays.stream(executeBatch()).asLongStream().toArray();
        } else if (name.equals("close")) {
            for (PreparedStatement statement : multiRow.values()) statement.close();
        }
        try {
            return method.invoke(single, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private int[] executeBatch() throws SQLException {
        int[] counts = new int[rows.size()];
        if (writeDirectly(counts)) return counts;
        int done = 0;
        try {
            while (done < rows.size()) {
                int size = Math.min(ROWS_PER_STATEMENT, rows.size() - done);
                int changed = write(done + 1, rows.subList(done, done + size));
                Arrays.fill(counts, done, done + size, changed == size ? 1 : Statement.SUCCESS_NO_INFO);
                done += size;
            }
            return counts;
        } catch (SQLException e) {
            Arrays.fill(counts, done, counts.length, Statement.EXECUTE_FAILED);
            throw new BatchUpdateException("rows " + (done + 1) + " to " + Math.min(rows.size(), done + ROWS_PER_STATEMENT) + " of the batch failed, "
                    + "and none after them was sent (" + done + " were written before): " + e.getMessage(), e.getSQLState(), e.getErrorCode(), counts, e);
        } finally {
            rows.clear();
        }
    }

    /**
     * Writes the whole batch straight to the segments when every row can go there ({@link DirectRows#writeAll}):
     * transactions of {@value #ROWS_PER_STATEMENT} rows, all of a segment's sent to its writer at once. False, and
     * nothing written, when the batch must go through Calcite.
     */
    private boolean writeDirectly(int[] counts) throws SQLException {
        if (direct == null || rows.isEmpty()) return false;
        List<Object[]> values = new ArrayList<>(rows.size());
        for (Map<Integer, SetterCall> row : rows) {
            if (row.size() != width) return false; // the chunked path says which row is incomplete
            Object[] value = new Object[width];
            for (Map.Entry<Integer, SetterCall> parameter : row.entrySet()) value[parameter.getKey() - 1] = parameter.getValue().value();
            values.add(value);
        }
        if (!direct.accepts(values)) return false;
        try {
            direct.writeAll(values, ROWS_PER_STATEMENT, counts);
            return true;
        } catch (RuntimeException e) {
            throw new BatchUpdateException(e.getMessage(), "HY000", 0, counts, e);
        } finally {
            rows.clear();
        }
    }

    /** Writes rows of the batch as one multi-row statement: straight to the segments where it can, else through Calcite. */
    private int write(long firstRow, List<Map<Integer, SetterCall>> chunk) throws SQLException {
        if (direct != null) {
            List<Object[]> values = new ArrayList<>(chunk.size());
            for (Map<Integer, SetterCall> row : chunk) {
                checkComplete(row);
                Object[] value = new Object[width];
                for (Map.Entry<Integer, SetterCall> parameter : row.entrySet()) value[parameter.getKey() - 1] = parameter.getValue().value();
                values.add(value);
            }
            if (direct.accepts(values)) {
                try {
                    return (int) direct.write(firstRow, values);
                } catch (RuntimeException e) {
                    throw new SQLException(e.getMessage(), "HY000", e);
                }
            }
        }
        PreparedStatement statement = statementFor(chunk.size());
        for (int row = 0; row < chunk.size(); row++) bind(statement, chunk.get(row), row * width);
        return statement.executeUpdate();
    }

    private void checkComplete(Map<Integer, SetterCall> row) throws SQLException {
        if (row.size() != width) {
            throw new SQLException("a batched row sets " + row.size() + " of the " + width + " parameters; set every one before addBatch()", "07001");
        }
    }

    private PreparedStatement statementFor(int size) throws SQLException {
        PreparedStatement statement = multiRow.get(size);
        if (statement == null) {
            StringJoiner values = new StringJoiner(", ", prefix + " VALUES ", "");
            for (int i = 0; i < size; i++) values.add(tuple);
            statement = connection.prepareStatement(values.toString());
            multiRow.put(size, statement);
        }
        return statement;
    }

    private void bind(PreparedStatement statement, Map<Integer, SetterCall> row, int offset) throws SQLException {
        checkComplete(row);
        for (SetterCall call : row.values()) {
            Object[] args = call.args().clone();
            args[0] = (Integer) args[0] + offset;
            try {
                call.method().invoke(statement, args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof SQLException sql ? sql : new SQLException(e.getCause());
            } catch (IllegalAccessException e) {
                throw new SQLException(e);
            }
        }
    }
}
