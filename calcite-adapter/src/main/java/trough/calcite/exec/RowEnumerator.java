package trough.calcite.exec;

import org.apache.calcite.linq4j.Enumerator;
import trough.core.client.RowSource;

/** Rows as Calcite's generated code wants them: the value itself for one column, else an array. */
public final class RowEnumerator implements Enumerator<Object> {
    private final RowSource rows;
    private final int width;
    private final ValueCoercion coercion;
    private final CancelWatch watch;
    private Object current;

    public RowEnumerator(RowSource rows, int width, ValueCoercion coercion, CancelWatch watch) {
        this.rows = rows;
        this.width = width;
        this.coercion = coercion;
        this.watch = watch;
    }

    @Override
    public Object current() {
        return current;
    }

    @Override
    public boolean moveNext() {
        Object[] row = rows.next();
        if (row == null) return false;
        coercion.apply(row);
        current = width == 1 ? row[0] : row;
        return true;
    }

    @Override
    public void reset() {
        throw new UnsupportedOperationException("segment rows can be read once");
    }

    @Override
    public void close() {
        watch.close();
        rows.close();
    }
}
