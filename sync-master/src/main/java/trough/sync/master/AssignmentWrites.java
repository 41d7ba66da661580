package trough.sync.master;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import trough.core.registry.Assignment;
import trough.core.registry.Lease;
import trough.core.registry.Placements;
import trough.core.registry.RegistryException;

/**
 * The assignments a round adds and removes, written in large fenced chunks: the registry splits a chunk into
 * its own batches (several at once where it can), and the lease is asked for (and renewed when due) before
 * each chunk, so a first placement of millions is never fenced half way for want of a renewal.
 *
 * <p>A full chunk is written behind the round ({@link #writeBehind}): the master places the next chunk while the
 * registry writes the last, and at most one chunk is in flight. {@link #flush} waits for everything, and is what
 * a round calls before it counts its writes as done: until then the master's view runs ahead of the registry by
 * at most two chunks, and a refusal or failure is reported at the next call (the round then drops its view).
 */
final class AssignmentWrites {
    /** Changes per call to the registry: large enough to keep its parallel batches busy, small enough to renew the lease between. */
    static final int CHUNK = 50_000;

    private final Executor writer;
    private List<Assignment> added = new ArrayList<>();
    private List<Assignment> removed = new ArrayList<>();
    private long addedCount;
    private long removedCount;
    /** The chunk being written, with its counts; null when none is. */
    private CompletableFuture<Boolean> inFlight;
    private int inFlightAdded;
    private int inFlightRemoved;

    /** {@code writer} runs the chunks written behind: one at a time is all it is given. */
    AssignmentWrites(Executor writer) {
        this.writer = writer;
    }

    void add(Assignment assignment) {
        added.add(assignment);
    }

    void remove(Assignment assignment) {
        removed.add(assignment);
    }

    boolean isFull() {
        return added.size() + removed.size() >= CHUNK;
    }

    /**
     * Hands the pending changes to the writer, once the chunk before them is written; answers false when the lease
     * was lost (a chunk was refused, or the lease is gone before this one): the pending changes are dropped then.
     */
    boolean writeBehind(Placements placements, Supplier<Optional<Lease>> leadership) {
        if (added.isEmpty() && removed.isEmpty()) return true;
        boolean written = awaitInFlight();
        // Asked for on the round's thread, where it is renewed: the writer only presents it.
        Optional<Lease> lease = written ? leadership.get() : Optional.empty();
        if (lease.isEmpty()) {
            added.clear();
            removed.clear();
            return false;
        }
        List<Assignment> adding = added;
        List<Assignment> removing = removed;
        added = new ArrayList<>();
        removed = new ArrayList<>();
        inFlightAdded = adding.size();
        inFlightRemoved = removing.size();
        inFlight = CompletableFuture.supplyAsync(() -> placements.assign(lease.get(), adding, removing), writer);
        return true;
    }

    /** Writes what is pending and waits until everything is written; answers false when the lease was lost. */
    boolean flush(Placements placements, Supplier<Optional<Lease>> leadership) {
        return writeBehind(placements, leadership) && awaitInFlight();
    }

    /** Waits for the chunk in flight, if any, and counts it once written; answers false when it was refused. */
    private boolean awaitInFlight() {
        if (inFlight == null) return true;
        CompletableFuture<Boolean> chunk = inFlight;
        inFlight = null;
        boolean written;
        try {
            written = chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while writing assignments", e);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) throw failure;
            throw new RegistryException("writing assignments failed: " + e.getCause(), e.getCause());
        }
        if (written) {
            addedCount += inFlightAdded;
            removedCount += inFlightRemoved;
        }
        return written;
    }

    long added() {
        return addedCount;
    }

    long removed() {
        return removedCount;
    }
}
