package trough.calcite.exec;

import java.sql.SQLException;

/**
 * The fetch size a JDBC statement asked for, while that statement executes on this thread. Calcite hands
 * the adapter a statement's timeout and cancel flag but not its fetch size, so the driver sets it here
 * around each execution, and the query reads it when it opens its rows (which Calcite does inside
 * {@code execute}).
 */
public final class FetchSize {
    private static final ThreadLocal<Integer> CURRENT = new ThreadLocal<>();

    /** One execution of a statement. */
    @FunctionalInterface
    public interface Execution<T> {
        T run() throws SQLException;
    }

    private FetchSize() {}

    /** Runs {@code execution} with {@code rows} as the fetch size of the queries it opens. */
    public static <T> T during(int rows, Execution<T> execution) throws SQLException {
        Integer outer = CURRENT.get();
        CURRENT.set(rows);
        try {
            return execution.run();
        } finally {
            if (outer == null) CURRENT.remove();
            else CURRENT.set(outer);
        }
    }

    /** The executing statement's fetch size, or {@code fallback} when it set none. */
    public static int orElse(int fallback) {
        Integer rows = CURRENT.get();
        return rows == null || rows < 1 ? fallback : rows;
    }
}
