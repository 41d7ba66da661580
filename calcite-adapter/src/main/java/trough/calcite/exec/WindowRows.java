package trough.calcite.exec;
import trough.core.client.RowSource;

/** OFFSET and FETCH over merged rows: skips the first rows, and closes the source once the last is out. */
final class WindowRows implements RowSource {
    private final RowSource rows;
    private long toSkip;
    private long toReturn;

    /** {@code fetch}: rows to return, or -1 for all. */
    WindowRows(RowSource rows, long offset, long fetch) {
        this.rows = rows;
        this.toSkip = offset;
        this.toReturn = fetch;
    }

    @Override
    public Object[] next() {
        if (toReturn == 0) return null;
        for (; toSkip > 0; toSkip--) {
            if (rows.next() == null) return null;
        }
        Object[] row = rows.next();
        if (row != null && toReturn > 0 && --toReturn == 0) rows.close();
        return row;
    }

    @Override
    public void cancel(String reason) {
        rows.cancel(reason);
    }

    @Override
    public void close() {
        rows.close();
    }
}
