package trough.core.segment;

import java.util.regex.Pattern;

/**
 * The name of one segment. It becomes a file name ({@code <id>.sqlite}) and a URL path element, so it is
 * checked once, here, and is never a path: only {@code [A-Za-z0-9._-]}, 1 to 128 characters, and never
 * {@code .} or {@code ..}.
 */
public record SegmentId(String value) implements Comparable<SegmentId> {
    public static final String RULE = "a segment id is 1 to 128 characters of A-Z a-z 0-9 . _ - and is not '.' or '..'";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final String FILE_SUFFIX = ".sqlite";

    public SegmentId {
        if (value == null || !VALID.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new InvalidSegmentIdException(value, RULE);
        }
    }

    public static SegmentId of(String value) {
        return new SegmentId(value);
    }

    /** The segment named by a file {@code <id>.sqlite}, or null when the name is not a segment file. */
    public static SegmentId fromFileName(String fileName) {
        if (!fileName.endsWith(FILE_SUFFIX)) return null;
        String id = fileName.substring(0, fileName.length() - FILE_SUFFIX.length());
        return isValid(id) ? new SegmentId(id) : null;
    }

    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches() && !value.equals(".") && !value.equals("..");
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
