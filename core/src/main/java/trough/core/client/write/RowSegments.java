package trough.core.client.write;

import trough.core.client.TroughQueryException;
import trough.core.segment.InvalidSegmentIdException;
import trough.core.segment.InvalidSegmentKeyException;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;

/**
 * Which segment each row of an INSERT goes to: the one its {@code _segment} names, or else the one the table's
 * segment key names from the row's key column. A row that names both must name the same segment. Errors
 * say which row (counted from 1 in the statement or batch) and what rule it broke.
 *
 * @param table the table written, for messages
 * @param key   the table's segment key, or null when rows must name {@code _segment}
 */
public record RowSegments(String table, SegmentKey key) {
    /**
     * The segment of row {@code row}, from its {@code _segment} value (null when not named) and the value of
     * its key column (ignored when the table has no key).
     */
    public SegmentId segmentOf(long row, Object named, Object keyValue) {
        SegmentId fromKey = key != null && (named == null || keyValue != null) ? fromKey(row, keyValue) : null;
        if (named == null) {
            if (fromKey != null) return fromKey;
            throw new TroughQueryException("row " + row + " of the INSERT into " + table + " has no segment: name it in the _segment column, "
                    + "as in INSERT INTO " + table + " (_segment, ...) VALUES ('segment-id', ...), or declare the schema's segment key "
                    + "(docs/jdbc.md, \"Segment keys\")", null);
        }
        SegmentId segment;
        try {
            segment = SegmentId.of(named.toString());
        } catch (InvalidSegmentIdException e) {
            throw new TroughQueryException("row " + row + " of the INSERT into " + table + ": " + e.getMessage(), e);
        }
        if (fromKey != null && !fromKey.equals(segment)) {
            throw new TroughQueryException("row " + row + " of the INSERT into " + table + " names segment " + segment + " in _segment, but its "
                    + key.column() + " = " + keyValue + " belongs in segment " + fromKey + " (" + key.pattern()
                    + "): leave _segment out, or make the two agree", null);
        }
        return segment;
    }

    private SegmentId fromKey(long row, Object keyValue) {
        try {
            return key.segmentOf(keyValue);
        } catch (InvalidSegmentKeyException e) {
            throw new TroughQueryException("row " + row + " of the INSERT into " + table + ": " + e.getMessage()
                    + (keyValue == null ? ": give " + key.column() + " a value, or name the segment in _segment" : ""), e);
        }
    }
}
