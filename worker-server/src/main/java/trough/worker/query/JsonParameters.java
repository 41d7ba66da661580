package trough.worker.query;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import trough.worker.WorkerError;

/** Turns a request's JSON parameters into SQLite values; a BLOB travels as {@code {"blob": "<base64>"}}. */
final class JsonParameters {
    private JsonParameters() {}

    static List<Object> decode(List<Object> params) {
        List<Object> values = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            if (value == null || value instanceof Number || value instanceof String || value instanceof Boolean) {
                values.add(value);
            } else if (value instanceof Map<?, ?> map && map.size() == 1 && map.get("blob") instanceof String base64) {
                values.add(decodeBlob(i + 1, base64));
            } else {
                throw WorkerError.badRequest("bad_parameter", null,
                        "parameter " + (i + 1) + " is not a number, string, boolean, null or {\"blob\": base64}: " + value);
            }
        }
        return values;
    }

    private static byte[] decodeBlob(int index, String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw WorkerError.badRequest("bad_parameter", null, "parameter " + index + " is not valid base64: " + e.getMessage());
        }
    }
}
