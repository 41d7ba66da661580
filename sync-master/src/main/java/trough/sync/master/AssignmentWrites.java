package trough.sync.master;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.Placements;

/**
 * The assignments a round adds and removes, written in large fenced chunks: the registry splits a chunk into
 * its own batches (several at once where it can), and the lease is asked for (and renewed when due) before
 * each chunk, so a first placement of millions is never fenced half way for want of a renewal.
 */
final class AssignmentWrites {
    /** Changes per call to the registry: large enough to keep its parallel batches busy, small enough to renew the lease between. */
    static final int CHUNK = 50_000;

    private final List<Assignment> added = new ArrayList<>();
    private final List<Assignment> removed = new ArrayList<>();
    private long addedCount;
    private long removedCount;

    void add(Assignment assignment) {
        added.add(assignment);
    }

    void remove(Assignment assignment) {
        removed.add(assignment);
    }

    boolean isFull() {
        return added.size() + removed.size() >= CHUNK;
    }

    /** Writes what is pending; answers false when the lease was lost (the pending changes are dropped). */
    boolean flush(Placements placements, Supplier<Optional<Lease>> leadership) {
        if (added.isEmpty() && removed.isEmpty()) return true;
        Optional<Lease> lease = leadership.get();
        boolean written = lease.isPresent() && placements.assign(lease.get(), added, removed);
        if (written) {
            addedCount += added.size();
            removedCount += removed.size();
        }
        added.clear();
        removed.clear();
        return written;
    }

    long added() {
        return addedCount;
    }

    long removed() {
        return removedCount;
    }
}
