package trough.core.wire;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes the original Trough's JSON: an array of objects, one per row, keyed by column name. A BLOB is
 * written as a base64 string, since JSON has no bytes. JSON cannot carry a failure after the first row,
 * so {@link #fail} throws and the caller cuts the response short: a client sees invalid JSON, never a
 * result that looks complete but is not.
 */
public final class JsonRowWriter implements RowWriter {
    public static final String MEDIA_TYPE = "application/json";
    private static final JsonFactory FACTORY = new JsonFactory();

    private final JsonGenerator json;
    private List<Column> columns;

    public JsonRowWriter(OutputStream out) throws IOException {
        this.json = FACTORY.createGenerator(out, JsonEncoding.UTF8);
    }

    @Override
    public void begin(List<Column> columns) throws IOException {
        this.columns = columns;
        json.writeStartArray();
    }

    @Override
    public void row(Object[] values) throws IOException {
        json.writeStartObject();
        for (int i = 0; i < values.length; i++) {
            json.writeFieldName(columns.get(i).name());
            writeValue(values[i]);
        }
        json.writeEndObject();
    }

    @Override
    public void end() throws IOException {
        json.writeEndArray();
        json.writeRaw('\n');
        json.flush();
    }

    @Override
    public void fail(String segment, String message) throws IOException {
        json.flush();
        throw new IOException("query failed after rows were sent" + (segment == null ? "" : " (segment " + segment + ")") + ": " + message);
    }

    private void writeValue(Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Long v) {
            json.writeNumber(v);
        } else if (value instanceof Integer v) {
            json.writeNumber(v);
        } else if (value instanceof Double v) {
            json.writeNumber(v);
        } else if (value instanceof String v) {
            json.writeString(v);
        } else if (value instanceof byte[] v) {
            json.writeBinary(v);
        } else {
            throw new IllegalArgumentException("not a SQLite value: " + value.getClass().getName());
        }
    }
}
