package trough.sync.master;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import trough.core.registry.RegistryChange;
import trough.core.registry.RegistryException;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;

/**
 * Where the registry's changes wait for the master's next round: filled on the registry's thread, drained by the
 * master's. A segment changed many times between two rounds is placed once, with its last record.
 */
final class ChangeInbox implements Consumer<RegistryChange> {
    /** What arrived since the last drain. */
    record Drained(Map<SegmentId, Optional<SegmentRecord>> segments, List<RegistryChange.ReplicaChanged> replicas, String missed) {
        boolean isEmpty() {
            return segments.isEmpty() && replicas.isEmpty() && missed == null;
        }
    }

    private final Runnable onArrival;
    private Map<SegmentId, Optional<SegmentRecord>> segments = new LinkedHashMap<>();
    private List<RegistryChange.ReplicaChanged> replicas = new ArrayList<>();
    private String missed;

    /** {@code onArrival} is called after each change is kept, on the registry's thread: it must only wake the master. */
    ChangeInbox(Runnable onArrival) {
        this.onArrival = onArrival;
    }

    @Override
    public void accept(RegistryChange change) {
        synchronized (this) {
            if (change instanceof RegistryChange.SegmentChanged segment) {
                segments.put(segment.id(), Optional.ofNullable(segment.record()));
            } else if (change instanceof RegistryChange.ReplicaChanged replica) {
                replicas.add(replica);
            } else if (change instanceof RegistryChange.ChangesMissed lost) {
                missed = lost.why();
            }
            notifyAll();
        }
        onArrival.run();
    }

    /**
     * Waits until something has arrived (at most {@code timeoutMillis}), then drains: how a new master whose view is
     * still loading hears of a change the moment it comes, without a round of its own to wake.
     */
    synchronized Drained awaitDrain(long timeoutMillis) {
        if (segments.isEmpty() && replicas.isEmpty() && missed == null) {
            try {
                wait(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("interrupted while waiting for the registry's changes", e);
            }
        }
        return drain();
    }

    synchronized Drained drain() {
        Drained drained = new Drained(segments, replicas, missed);
        segments = new LinkedHashMap<>();
        replicas = new ArrayList<>();
        missed = null;
        return drained;
    }
}
