package trough.registry.rethinkdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A document as the driver hands it over, a map of JSON values, read back with the types the registry stored. */
record Document(Map<?, ?> fields) {
    /** The document, or null for ReQL's null (a missing row). */
    static Document of(Object value) {
        if (value == null) return null;
        if (value instanceof Map<?, ?> map) return new Document(map);
        throw new IllegalStateException("the registry expected a document, not " + value);
    }

    static List<Document> all(Object sequence) {
        List<Document> documents = new ArrayList<>();
        if (sequence instanceof List<?> list) {
            for (Object value : list) documents.add(of(value));
        } else if (sequence != null) {
            documents.add(of(sequence));
        }
        return documents;
    }

    String text(String key) {
        Object value = fields.get(key);
        return value == null ? null : value.toString();
    }

    /** An array of texts; empty when the field is missing. */
    List<String> texts(String key) {
        Object value = fields.get(key);
        if (!(value instanceof List<?> list)) return List.of();
        return list.stream().map(Object::toString).toList();
    }

    long number(String key) {
        Object value = fields.get(key);
        return value == null ? 0 : ((Number) value).longValue();
    }

    double decimal(String key) {
        Object value = fields.get(key);
        return value == null ? 0 : ((Number) value).doubleValue();
    }

    Document document(String key) {
        return of(fields.get(key));
    }

    /** The new value of a write's first change, asked for with return_changes; null when there is none. */
    Document newValue() {
        return firstChange("new_val");
    }

    /** The value a write's first change replaced; null when it made the document. */
    Document oldValue() {
        return firstChange("old_val");
    }

    private Document firstChange(String side) {
        Object changes = fields.get("changes");
        if (!(changes instanceof List<?> list) || list.isEmpty()) return null;
        return of(list.get(0)).document(side);
    }
}
