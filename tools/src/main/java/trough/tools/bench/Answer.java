package trough.tools.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * What a query answered, in a form two engines' answers can be compared in: the rows as text (in order
 * when the query fixes it, sorted otherwise), or for a huge answer its row count and an order-independent
 * digest of the rows.
 */
record Answer(long rows, List<String> lines, long digest) {
    /** Gathers an answer's rows as they are read. */
    static final class Builder {
        private final boolean ordered;
        private final boolean digestOnly;
        private final List<String> lines = new ArrayList<>();
        private long rows;
        private long digest;

        Builder(boolean ordered, boolean digestOnly) {
            this.ordered = ordered;
            this.digestOnly = digestOnly;
        }

        void add(Object[] row) {
            rows++;
            String line = line(row);
            if (digestOnly) {
                CRC32 crc = new CRC32();
                crc.update(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                digest += crc.getValue();
            } else {
                lines.add(line);
            }
        }

        /** Another builder's rows, for answers gathered in parallel. */
        void addAll(Builder other) {
            rows += other.rows;
            digest += other.digest;
            lines.addAll(other.lines);
        }

        Answer build() {
            List<String> kept = new ArrayList<>(lines);
            if (!ordered) kept.sort(null);
            return new Answer(rows, kept, digest);
        }
    }

    /** Values as text; numbers the same whichever Java type a driver chose for them. */
    private static String line(Object[] row) {
        StringBuilder line = new StringBuilder();
        for (Object value : row) {
            if (line.length() > 0) line.append('|');
            if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) line.append(d.longValue());
            else if (value instanceof Double || value instanceof Float) line.append(String.format(Locale.ROOT, "%.9g", ((Number) value).doubleValue()));
            else if (value instanceof Number n) line.append(n.longValue());
            else if (value instanceof byte[] b) line.append(Arrays.toString(b));
            else line.append(value);
        }
        return line.toString();
    }

    /** Says how this answer differs from {@code expected}, or null when they agree. */
    String differenceFrom(Answer expected) {
        if (rows != expected.rows) return rows + " rows instead of " + expected.rows;
        if (digest != expected.digest) return "the rows differ (digest)";
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals(expected.lines.get(i))) return "row " + (i + 1) + " is '" + lines.get(i) + "' instead of '" + expected.lines.get(i) + "'";
        }
        return null;
    }
}
