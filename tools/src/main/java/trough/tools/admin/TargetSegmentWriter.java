package trough.tools.admin;

import java.util.List;
import java.util.function.Consumer;
import trough.core.client.TroughQueryException;
import trough.core.client.write.SegmentWriter;
import trough.core.segment.SegmentId;

/** A target's segment writer: another writer's, with a step before each write and failures reported as {@link TargetException}s. */
final class TargetSegmentWriter implements SegmentWriter {
    private final SegmentWriter writer;
    private final Consumer<SegmentId> beforeWrite;

    TargetSegmentWriter(SegmentWriter writer, Consumer<SegmentId> beforeWrite) {
        this.writer = writer;
        this.beforeWrite = beforeWrite;
    }

    @Override
    public long write(SegmentId segment, String sql) {
        beforeWrite.accept(segment);
        try {
            return writer.write(segment, sql);
        } catch (TroughQueryException e) {
            throw new TargetException(e.getMessage(), e);
        }
    }

    @Override
    public long writeRows(SegmentId segment, String statement, List<Object[]> rows, int rowsPerTransaction) {
        beforeWrite.accept(segment);
        try {
            return writer.writeRows(segment, statement, rows, rowsPerTransaction);
        } catch (TroughQueryException e) {
            throw new TargetException(e.getMessage(), e);
        }
    }
}
