package trough.calcite.scratch;

import java.util.List;

/**
 * A statement's {@link PinnedStatement}, checked ({@link SegmentReadCheck}) the first time an execution finds
 * every table it reads on one segment rather than when it is prepared: most statements never run so, and the
 * check compiles the statement once more on a database of its own. The verdict is kept with the plan.
 */
final class PinnedCandidate {
    private final PinnedStatement statement;
    private final List<String> labels;
    private final int parameterCount;
    private volatile Boolean runs;

    /** {@code labels} and {@code parameterCount}: what the statement answers and takes on the client. */
    PinnedCandidate(PinnedStatement statement, List<String> labels, int parameterCount) {
        this.statement = statement;
        this.labels = List.copyOf(labels);
        this.parameterCount = parameterCount;
    }

    /** The statement as it runs on a segment, or null when a segment would not run it as the client does. */
    PinnedStatement checked() {
        Boolean verdict = runs;
        if (verdict == null) {
            verdict = SegmentReadCheck.runs(statement, labels, parameterCount);
            runs = verdict;
        }
        return verdict ? statement : null;
    }
}
