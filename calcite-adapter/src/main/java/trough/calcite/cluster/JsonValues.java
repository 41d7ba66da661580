package trough.calcite.cluster;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Parameter values as the worker's JSON expects them: a BLOB travels as {@code {"blob": "<base64>"}}. */
final class JsonValues {
    private JsonValues() {}

    static List<Object> of(List<Object> values) {
        List<Object> json = new ArrayList<>(values.size());
        for (Object value : values) {
            json.add(value instanceof byte[] bytes ? Map.of("blob", Base64.getEncoder().encodeToString(bytes)) : value);
        }
        return json;
    }
}
