package trough.tools.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Newline-delimited JSON: one object per line, its fields the columns. Numbers load as INTEGER or REAL,
 * booleans as 1 and 0, nested objects and arrays as their JSON text; blank lines are skipped.
 */
final class NdjsonRecords implements RecordSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final CountingInput input;
    private final BufferedReader reader;
    private long line;

    NdjsonRecords(Path file) throws IOException {
        this.file = file;
        this.input = new CountingInput(Files.newInputStream(file));
        this.reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8));
    }

    @Override
    public LoadRecord next() throws BadRecordException, IOException {
        String text;
        do {
            text = reader.readLine();
            line++;
            if (text == null) return null;
        } while (text.isBlank());
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRecordException(file, line, null, "not JSON at character " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (!node.isObject()) throw new BadRecordException(file, line, null, "not a JSON object but " + node.getNodeType().toString().toLowerCase());
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            values.put(field.getKey(), value(field.getValue()));
        }
        return new LoadRecord(line, values);
    }

    private static Object value(JsonNode node) {
        if (node.isNull()) return null;
        if (node.isBoolean()) return node.booleanValue() ? 1L : 0L;
        if (node.isIntegralNumber() && node.canConvertToLong()) return node.longValue();
        if (node.isNumber()) return node.doubleValue();
        if (node.isTextual()) return node.textValue();
        return node.toString();
    }

    @Override
    public long bytesRead() {
        return input.count();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
