package trough.core.segment;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How a schema names each row's segment from one of its columns: the key column, and a pattern in which
 * {@code {column}} stands for the column's value, such as {@code crawl_job_id} with
 * {@code crawl-job-{crawl_job_id}}. A pattern of {@code {column}} alone makes the value itself the segment id.
 * Writers that cannot name {@code _segment} (an ORM's INSERT, Spark's append, a file loaded by
 * {@code trough load}) are routed by it.
 *
 * <p>A value becomes text as SQLite shows it, except that a whole number stored as REAL loses its
 * {@code .0} ({@code 1001.0} names {@code crawl-job-1001}, as JSON and CSV loaders read numbers); a NULL,
 * a BLOB, or a value that makes an invalid {@link SegmentId} is refused.
 */
public record SegmentKey(String column, String pattern) {
    public static final String PATTERN_RULE = "a segment pattern is segment-id characters (A-Z a-z 0-9 . _ -) around exactly one "
            + "{column}, the key column in braces";
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._-]*");

    public SegmentKey {
        if (column == null || column.isBlank() || column.contains("{") || column.contains("}")) {
            throw new IllegalArgumentException("invalid segment key column '" + column + "': name a column of the schema's tables");
        }
        if (pattern == null) pattern = "{" + column + "}";
        int at = placeholder(pattern, column);
        String prefix = at < 0 ? null : pattern.substring(0, at);
        String suffix = at < 0 ? null : pattern.substring(at + column.length() + 2);
        if (at < 0 || !LITERAL.matcher(prefix).matches() || !LITERAL.matcher(suffix).matches()
                || prefix.length() + suffix.length() >= 128) {
            throw new IllegalArgumentException("invalid segment pattern '" + pattern + "' for key column " + column + ": " + PATTERN_RULE
                    + ", such as " + column + "-{" + column + "}");
        }
    }

    /** The key with its pattern, or {@code {column}} when the pattern is null. */
    public static SegmentKey of(String column, String pattern) {
        return new SegmentKey(column, pattern);
    }

    /** Whether {@code name} is the key column (compared as SQLite compares names, ignoring ASCII case). */
    public boolean isKey(String name) {
        return column.equalsIgnoreCase(name);
    }

    /** The segment a row with this key value belongs to. */
    public SegmentId segmentOf(Object value) {
        if (value == null) {
            throw new InvalidSegmentKeyException("the segment key " + column + " is NULL, so the row has no segment (" + pattern + ")");
        }
        if (value instanceof byte[]) {
            throw new InvalidSegmentKeyException("the segment key " + column + " is a BLOB, which cannot name a segment (" + pattern + ")");
        }
        String text = text(value);
        int at = placeholder(pattern, column);
        String id = pattern.substring(0, at) + text + pattern.substring(at + column.length() + 2);
        if (!SegmentId.isValid(id) && at == 0 && id.equals(text)) {
            throw new InvalidSegmentKeyException(new InvalidSegmentIdException(id, SegmentId.RULE).getMessage());
        }
        if (!SegmentId.isValid(id)) {
            throw new InvalidSegmentKeyException("the segment key " + column + " = '" + shorten(text) + "' makes segment id '" + shorten(id)
                    + "' (" + pattern + "), and " + SegmentId.RULE);
        }
        return SegmentId.of(id);
    }

    @Override
    public String toString() {
        return column + " -> " + pattern;
    }

    private static String text(Object value) {
        if (value instanceof Boolean b) return b ? "1" : "0";
        if ((value instanceof Double || value instanceof Float) && !Double.isFinite(((Number) value).doubleValue())) return value.toString();
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        return value.toString();
    }

    private static int placeholder(String pattern, String column) {
        String lower = pattern.toLowerCase(Locale.ROOT);
        String wanted = "{" + column.toLowerCase(Locale.ROOT) + "}";
        int at = lower.indexOf(wanted);
        return at >= 0 && lower.indexOf(wanted, at + 1) < 0 ? at : -1;
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "...(" + text.length() + " chars)" : text;
    }
}
