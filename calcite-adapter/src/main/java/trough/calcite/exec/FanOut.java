package trough.calcite.exec;

import java.util.List;
import org.apache.calcite.DataContext;

/**
 * Where a plan's fragments run, decided again at each execution. A plan outlives the connection that made
 * it (plans are shared by a driver's connections, and a PreparedStatement runs many times), so it names
 * its table and looks it up, with its segments as they are listed now, in the connection that runs it.
 */
public interface FanOut {
    /** The fragments to run for one execution, whose parameter values {@code context} holds. */
    Target at(DataContext context);

    /** The segments' fragments of one execution, where they run, and the running connection's settings. */
    record Target(SegmentExecutor executor, List<Fragment> fragments, QuerySettings settings) {
        public Target {
            fragments = List.copyOf(fragments);
        }
    }
}
