package trough.core.segment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The name of one segment. It becomes a file name ({@code <id>.sqlite}) and a URL path element, so it is
 * checked once, here, and is never a path: only {@code [A-Za-z0-9._-]}, 1 to 128 characters, and never
 * {@code .} or {@code ..}.
 *
 * <p>On the wire it is its text: a JSON string, checked as it is read, so that a request naming a malformed id
 * fails with {@link InvalidSegmentIdException} (a worker answers 400 {@code bad_segment_id}) before any of it runs.
 */
public record SegmentId(@JsonValue String value) implements Comparable<SegmentId> {
    public static final String RULE = "a segment id is 1 to 128 characters of A-Z a-z 0-9 . _ - and is not '.' or '..'";
    private static final int MAX_LENGTH = 128;
    private static final String FILE_SUFFIX = ".sqlite";

    public SegmentId {
        if (!isValid(value)) {
            throw new InvalidSegmentIdException(value, RULE);
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static SegmentId of(String value) {
        return new SegmentId(value);
    }

    /** The segment named by a file {@code <id>.sqlite}, or null when the name is not a segment file. */
    public static SegmentId fromFileName(String fileName) {
        if (!fileName.endsWith(FILE_SUFFIX)) return null;
        String id = fileName.substring(0, fileName.length() - FILE_SUFFIX.length());
        return isValid(id) ? new SegmentId(id) : null;
    }

    /** Checked character by character, not by a regular expression: a loader checks one id per row it writes. */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || value.equals(".") || value.equals("..")) return false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-';
            if (!allowed) return false;
        }
        return true;
    }

    public String fileName() {
        return value + FILE_SUFFIX;
    }

    @Override
    public int compareTo(SegmentId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
