package trough.calcite.exec;

import java.util.List;

/**
 * Runs fragments on segments: in this process over segment files, or on workers over HTTP. Rows of all
 * fragments come back through one source, in no particular order.
 */
public interface SegmentExecutor {
    RowSource execute(List<Fragment> fragments, long timeoutMillis);
}
