package trough.core.api;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import trough.core.sqlite.BoundValues;

/**
 * Rows written by binding them to one statement, as a loader's batch is ({@code POST /v1/segments/{id}/writes}
 * with {@code "statementRows"}): {@code statement} (one statement with {@code ?} parameters) runs once per row,
 * and each {@code rowsPerTransaction} rows, in order, are a transaction of their own. The worker binds the values
 * instead of parsing them out of SQL text, as sqlite-jdbc's own batches do.
 *
 * <p>A value on the wire is JSON null, a whole number, a real, a string, {@code {"blob": "<base64>"}} or
 * {@code {"real": "Infinity"}} / {@code {"real": "-Infinity"}} (JSON has no infinity): the storage classes of
 * SQLite ({@link BoundValues}).
 */
public record StatementRows(String statement, List<List<Object>> rows, int rowsPerTransaction) {
    private static final String BLOB = "blob";
    private static final String REAL = "real";

    /** The wire form of {@code rows} (values of any type {@link BoundValues#reduce} takes). */
    public static StatementRows of(String statement, List<Object[]> rows, int rowsPerTransaction) {
        List<List<Object>> wire = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            List<Object> values = new ArrayList<>(row.length);
            for (Object value : row) values.add(toWire(BoundValues.reduce(value)));
            wire.add(values);
        }
        return new StatementRows(statement, wire, rowsPerTransaction);
    }

    /**
     * The rows as values to bind, in transactions of {@code rowsPerTransaction}; {@link IllegalArgumentException}
     * naming the row and column for a value that is none of the forms above.
     */
    public List<List<Object[]>> transactions() {
        if (rowsPerTransaction < 1) throw new IllegalArgumentException("rowsPerTransaction must be at least 1, not " + rowsPerTransaction);
        List<List<Object[]>> transactions = new ArrayList<>();
        for (int from = 0; from < rows.size(); from += rowsPerTransaction) {
            List<Object[]> transaction = new ArrayList<>();
            for (int r = from; r < Math.min(rows.size(), from + rowsPerTransaction); r++) {
                List<Object> row = rows.get(r);
                if (row == null) throw new IllegalArgumentException("row " + (r + 1) + " is null: give an array of values");
                Object[] values = new Object[row.size()];
                for (int c = 0; c < values.length; c++) values[c] = fromWire(row.get(c), r + 1, c + 1);
                transaction.add(values);
            }
            transactions.add(transaction);
        }
        return transactions;
    }

    private static Object toWire(Object reduced) {
        if (reduced instanceof byte[] bytes) return Map.of(BLOB, Base64.getEncoder().encodeToString(bytes));
        if (reduced instanceof Double real && real.isInfinite()) return Map.of(REAL, real > 0 ? "Infinity" : "-Infinity");
        return reduced;
    }

    private static Object fromWire(Object value, int row, int column) {
        if (value == null || value instanceof String || value instanceof Double) return value;
        if (value instanceof Integer || value instanceof Long) return ((Number) value).longValue();
        if (value instanceof Map<?, ?> tagged && tagged.size() == 1) {
            if (tagged.get(BLOB) instanceof String base64) {
                try {
                    return Base64.getDecoder().decode(base64);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("row " + row + ", value " + column + ": the blob is not base64 (" + e.getMessage() + ")");
                }
            }
            if ("Infinity".equals(tagged.get(REAL))) return Double.POSITIVE_INFINITY;
            if ("-Infinity".equals(tagged.get(REAL))) return Double.NEGATIVE_INFINITY;
        }
        throw new IllegalArgumentException("row " + row + ", value " + column + " is " + value + ": a value is null, a number, a string, "
                + "{\"blob\": \"<base64>\"} or {\"real\": \"Infinity\"}");
    }
}
