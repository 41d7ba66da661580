package trough.core.order;

import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges streams that are each sorted into one sorted stream, holding one row per stream: a k-way merge.
 * Among equal rows the earlier stream's comes first, so a merge is deterministic. The first call to
 * {@link #next} reads the head of every stream.
 *
 * @param <E> what reading a stream may throw
 */
public final class SortedMerge<E extends Exception> {
    /** One sorted stream. */
    @FunctionalInterface
    public interface Stream<E extends Exception> {
        /** The next row, or null after the last. */
        Object[] next() throws E;
    }

    private record Head(Object[] row, int stream) {}

    private final List<? extends Stream<E>> streams;
    private final PriorityQueue<Head> heads;
    private boolean started;

    public SortedMerge(List<? extends Stream<E>> streams, SqliteOrder order) {
        this.streams = List.copyOf(streams);
        this.heads = new PriorityQueue<>(Math.max(1, streams.size()), (a, b) -> {
            int byRow = order.compare(a.row(), b.row());
            return byRow != 0 ? byRow : Integer.compare(a.stream(), b.stream());
        });
    }

    /** The smallest row not yet returned, or null when every stream has ended. */
    public Object[] next() throws E {
        if (!started) {
            started = true;
            for (int i = 0; i < streams.size(); i++) advance(i);
        }
        Head smallest = heads.poll();
        if (smallest == null) return null;
        advance(smallest.stream());
        return smallest.row();
    }

    private void advance(int stream) throws E {
        Object[] row = streams.get(stream).next();
        if (row != null) heads.add(new Head(row, stream));
    }
}
