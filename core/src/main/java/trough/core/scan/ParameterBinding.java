package trough.core.scan;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Binds values to {@code ?} placeholders as SQLite's storage classes; booleans become 1 and 0. */
public final class ParameterBinding {
    private ParameterBinding() {}

    /** Refuses more values than the statement has placeholders, as SQLite's own range error (a client's mistake). */
    public static void bind(PreparedStatement statement, List<?> params) throws SQLException {
        int placeholders = statement.getParameterMetaData().getParameterCount();
        if (params.size() > placeholders) {
            throw new SQLiteException("the statement has " + placeholders + " placeholder(s) but " + params.size()
                    + " parameter value(s) were sent", SQLiteErrorCode.SQLITE_RANGE);
        }
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            int index = i + 1;
            if (value == null) {
                statement.setNull(index, Types.NULL);
            } else if (value instanceof Boolean b) {
                statement.setLong(index, b ? 1 : 0);
            } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
                statement.setLong(index, ((Number) value).longValue());
            } else if (value instanceof Number n) {
                statement.setDouble(index, n.doubleValue());
            } else if (value instanceof String s) {
                statement.setString(index, s);
            } else if (value instanceof byte[] bytes) {
                statement.setBytes(index, bytes);
            } else {
                throw new IllegalArgumentException("parameter " + index + " is not a number, string, boolean, byte[] or null: "
                        + value.getClass().getName());
            }
        }
    }
}
