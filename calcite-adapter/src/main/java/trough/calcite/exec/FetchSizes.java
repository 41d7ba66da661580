package trough.calcite.exec;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;

/**
 * The fetch sizes the statements of one connection asked for. Calcite hands a running plan its statement's
 * cancel flag and timeout in the {@link DataContext}, but not its fetch size; so the driver files each
 * statement's fetch size here under that statement's cancel flag, and the plan finds it by the flag it is
 * given. The keys are weak: a statement dropped without being closed leaves nothing behind.
 */
public final class FetchSizes {
    private final Map<AtomicBoolean, Integer> byStatement = Collections.synchronizedMap(new WeakHashMap<>());

    /** The statement whose cancel flag is {@code statement} fetches {@code rows} at a time; 0 forgets it. */
    public void set(AtomicBoolean statement, int rows) {
        if (rows > 0) byStatement.put(statement, rows);
        else byStatement.remove(statement);
    }

    /** The fetch size of the statement running with {@code context}, or 0 when it set none. */
    public int of(DataContext context) {
        AtomicBoolean statement = DataContext.Variable.CANCEL_FLAG.get(context);
        return statement == null ? 0 : byStatement.getOrDefault(statement, 0);
    }
}
