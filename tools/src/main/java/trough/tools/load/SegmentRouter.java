package trough.tools.load;

import java.nio.file.Path;
import java.util.Map;
import trough.core.segment.InvalidSegmentKeyException;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;

/**
 * Which segment a record goes to: one named segment, or the one a {@link SegmentKey} names from a column of the
 * record (the schema's own key, or {@code --segment-by}), exactly as a JDBC INSERT would route it.
 */
final class SegmentRouter {
    private final SegmentId fixed;
    private final SegmentKey key;

    private SegmentRouter(SegmentId fixed, SegmentKey key) {
        this.fixed = fixed;
        this.key = key;
    }

    static SegmentRouter into(SegmentId segment) {
        return new SegmentRouter(segment, null);
    }

    static SegmentRouter by(SegmentKey key) {
        return new SegmentRouter(null, key);
    }

    SegmentId route(Path file, LoadRecord record) throws BadRecordException {
        if (fixed != null) return fixed;
        Object value = null;
        for (Map.Entry<String, Object> field : record.values().entrySet()) {
            if (key.isKey(field.getKey())) value = field.getValue();
        }
        try {
            return key.segmentOf(value);
        } catch (InvalidSegmentKeyException e) {
            throw new BadRecordException(file, record.line(), key.column(), e.getMessage());
        }
    }
}
