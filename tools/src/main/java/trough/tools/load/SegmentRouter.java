package trough.tools.load;

import java.nio.file.Path;
import trough.core.segment.InvalidSegmentIdException;
import trough.core.segment.SegmentId;

/** Which segment a record goes to: one named segment, or the value of a column of the record. */
final class SegmentRouter {
    private final SegmentId fixed;
    private final String column;

    private SegmentRouter(SegmentId fixed, String column) {
        this.fixed = fixed;
        this.column = column;
    }

    static SegmentRouter into(SegmentId segment) {
        return new SegmentRouter(segment, null);
    }

    static SegmentRouter by(String column) {
        return new SegmentRouter(null, column);
    }

    SegmentId route(Path file, LoadRecord record) throws BadRecordException {
        if (fixed != null) return fixed;
        Object value = record.values().get(column);
        if (value == null) throw new BadRecordException(file, record.line(), column, "no value, so no segment to load it into (--segment-by " + column + ")");
        String id = value instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : value.toString();
        try {
            return SegmentId.of(id);
        } catch (InvalidSegmentIdException e) {
            throw new BadRecordException(file, record.line(), column, e.getMessage());
        }
    }
}
