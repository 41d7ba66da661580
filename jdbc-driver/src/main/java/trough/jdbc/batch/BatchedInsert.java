package trough.jdbc.batch;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import trough.calcite.schema.SegmentSource;

/**
 * The JDBC batch of a one-row {@code INSERT ... VALUES (?, ...)}, sent as multi-row INSERTs of up to
 * {@value #ROWS_PER_STATEMENT} rows instead of one statement per row. Each multi-row statement routes its
 * rows by {@code _segment} or the segment key like any INSERT (one write per segment, atomic there), so a
 * batch of thousands of rows costs a few requests, not thousands. When the columns name {@code _segment} or
 * the key column and the values are plain, the rows skip Calcite's planning altogether ({@link DirectRows}).
 *
 * <p>The driver's statement hands this its setters ({@link #set}) and batch calls; the setters are only
 * recorded, and reach Calcite's statement ({@link #applyPending}) when the statement runs a single row or
 * describes itself: a loader sets millions of parameters, and each one applied twice cost a third of its time.
 */
public final class BatchedInsert {
    static final int ROWS_PER_STATEMENT = 500;
    /** Groups: the statement up to VALUES, its table, its columns, and the one row of placeholders. */
    private static final Pattern ONE_ROW_INSERT = Pattern.compile(
            "(?is)\\s*(INSERT\\s+INTO\\s+([^(]+?)\\s*\\(([^)]*)\\))\\s*VALUES\\s*(\\(\\s*\\?\\s*(?:,\\s*\\?\\s*)*\\))\\s*;?\\s*");

    /** A setter the application called: replayed on a Calcite statement, or read for its value. */
    public record SetterCall(Method method, Object[] args) {
        /** The value the setter sets: null for setNull, else its second argument. */
        Object value() {
            return method.getName().equals("setNull") ? null : args[1];
        }
    }

    /** How the driver's statement applies a recorded setter to Calcite's statement (with its own conversions). */
    @FunctionalInterface
    public interface Setter {
        void apply(SetterCall call) throws SQLException;
    }

    private final Connection connection;
    private final String prefix;
    private final String tuple;
    private final int width;
    /** The parameters set for the next row, by index - 1; kept after addBatch, as JDBC says. */
    private final SetterCall[] current;
    private boolean pending;
    private final List<SetterCall[]> rows = new ArrayList<>();
    private final Map<Integer, PreparedStatement> multiRow = new LinkedHashMap<>();
    private final DirectRows direct;

    private BatchedInsert(Connection connection, String prefix, String tuple, DirectRows direct) {
        this.connection = connection;
        this.direct = direct;
        this.prefix = prefix;
        this.tuple = tuple;
        this.width = (int) tuple.chars().filter(c -> c == '?').count();
        this.current = new SetterCall[width];
    }

    /** The batch of {@code sql} when it is a one-row INSERT of parameters, else null. */
    public static BatchedInsert of(Connection connection, String sql, Map<String, SegmentSource> sources) {
        Matcher matcher = ONE_ROW_INSERT.matcher(sql);
        if (!matcher.matches()) return null;
        DirectRows direct = DirectRows.of(sources, matcher.group(2), List.of(matcher.group(3).split(",")));
        return new BatchedInsert(connection, matcher.group(1), matcher.group(4), direct);
    }

    /** Whether {@code method} sets a parameter by index ({@code setString(1, ...)}, {@code setNull(2, type)}, ...). */
    public static boolean isSetter(Method method, Object[] args) {
        return args != null && args.length >= 2 && args[0] instanceof Integer && method.getName().startsWith("set");
    }

    /** Records a setter for the next row. */
    public void set(Method method, Object[] args) throws SQLException {
        int index = (Integer) args[0];
        if (index < 1 || index > width) {
            throw new SQLException("parameter " + index + " does not exist: the statement has " + width + " parameters, numbered from 1", "07009");
        }
        current[index - 1] = new SetterCall(method, args);
        pending = true;
    }

    /** Applies the setters recorded since the last call, so that Calcite's statement can run the row they make. */
    public void applyPending(Setter setter) throws SQLException {
        if (!pending) return;
        pending = false;
        for (SetterCall call : current) if (call != null) setter.apply(call);
    }

    public void clearParameters() {
        Arrays.fill(current, null);
        pending = false;
    }

    public void addBatch() {
        rows.add(current.clone());
    }

    public void clearBatch() {
        rows.clear();
    }

    public void close() throws SQLException {
        for (PreparedStatement statement : multiRow.values()) statement.close();
    }

    public int[] executeBatch() throws SQLException {
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
        for (SetterCall[] row : rows) {
            Object[] value = valuesOf(row);
            if (value == null) return false; // the chunked path says which row is incomplete
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
    private int write(long firstRow, List<SetterCall[]> chunk) throws SQLException {
        if (direct != null) {
            List<Object[]> values = new ArrayList<>(chunk.size());
            for (SetterCall[] row : chunk) {
                checkComplete(row);
                values.add(valuesOf(row));
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

    /** The row's values in parameter order, or null when a parameter was not set. */
    private static Object[] valuesOf(SetterCall[] row) {
        Object[] values = new Object[row.length];
        for (int i = 0; i < row.length; i++) {
            if (row[i] == null) return null;
            values[i] = row[i].value();
        }
        return values;
    }

    private void checkComplete(SetterCall[] row) throws SQLException {
        long set = Arrays.stream(row).filter(call -> call != null).count();
        if (set != width) {
            throw new SQLException("a batched row sets " + set + " of the " + width + " parameters; set every one before addBatch()", "07001");
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

    private void bind(PreparedStatement statement, SetterCall[] row, int offset) throws SQLException {
        checkComplete(row);
        for (SetterCall call : row) {
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
