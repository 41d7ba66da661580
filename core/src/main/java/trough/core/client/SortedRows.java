package trough.core.client;

import java.util.List;
import trough.core.order.SortedMerge;
import trough.core.order.SqliteOrder;

/** The rows of sources that each answer in one order, merged into that order as they arrive. */
public final class SortedRows implements RowSource {
    private final List<RowSource> sources;
    private final SortedMerge<RuntimeException> merge;

    public SortedRows(List<? extends RowSource> sources, SqliteOrder order) {
        this.sources = List.copyOf(sources);
        this.merge = new SortedMerge<>(this.sources.stream().<SortedMerge.Stream<RuntimeException>>map(s -> s::next).toList(), order);
    }

    @Override
    public Object[] next() {
        try {
            return merge.next();
        } catch (RuntimeException e) {
            cancel("another source failed");
            throw e;
        }
    }

    @Override
    public void cancel(String reason) {
        for (RowSource source : sources) source.cancel(reason);
    }

    @Override
    public void close() {
        for (RowSource source : sources) source.close();
    }
}
