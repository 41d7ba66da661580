package trough.core.api;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * How statement parameters travel in a {@link QueryRequest}'s JSON: numbers, strings, booleans and null as
 * themselves, and a BLOB as {@code {"blob": "<base64>"}} (a plain base64 string would arrive as TEXT).
 */
public final class QueryParameters {
    private QueryParameters() {}

    /** SQLite values (byte[] included) as JSON-ready values. */
    public static List<Object> encode(List<?> values) {
        List<Object> json = new ArrayList<>(values.size());
        for (Object value : values) {
            json.add(value instanceof byte[] bytes ? Map.of("blob", Base64.getEncoder().encodeToString(bytes)) : value);
        }
        return json;
    }

    /** JSON values back to SQLite values; a value of no known form is refused, naming the parameter. */
    public static List<Object> decode(List<?> json) {
        List<Object> values = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            Object value = json.get(i);
            if (value == null || value instanceof Number || value instanceof String || value instanceof Boolean) {
                values.add(value);
            } else if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("blob") instanceof String base64) {
                values.add(decodeBlob(i + 1, base64));
            } else {
                throw new IllegalArgumentException(
                        "parameter " + (i + 1) + " is not a number, string, boolean, null or {\"blob\": base64}: " + value);
            }
        }
        return values;
    }

    private static byte[] decodeBlob(int index, String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parameter " + index + " is not valid base64: " + e.getMessage(), e);
        }
    }
}
