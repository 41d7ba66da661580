package trough.worker.query;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import trough.worker.WorkerError;

/**
 * Binds a request's JSON parameters to {@code ?} placeholders: JSON numbers, strings, booleans (as 1/0)
 * and null as themselves, and {@code {"blob": "<base64>"}} as a BLOB.
 */
final class ParameterBinding {
    private ParameterBinding() {}

    private static byte[] decode(int index, String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw WorkerError.badRequest("bad_parameter", null, "parameter " + index + " is not valid base64: " + e.getMessage());
        }
    }

    static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            int index = i + 1;
            if (value == null) {
                statement.setNull(index, Types.NULL);
            } else if (value instanceof Boolean b) {
                statement.setLong(index, b ? 1 : 0);
            } else if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                statement.setLong(index, ((Number) value).longValue());
            } else if (value instanceof Number n) {
                statement.setDouble(index, n.doubleValue());
            } else if (value instanceof String s) {
                statement.setString(index, s);
            } else if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("blob") instanceof String base64) {
                statement.setBytes(index, decode(index, base64));
            } else {
                throw WorkerError.badRequest("bad_parameter", null,
                        "parameter " + index + " is not a number, string, boolean, null or {\"blob\": base64}: " + value);
            }
        }
    }
}
