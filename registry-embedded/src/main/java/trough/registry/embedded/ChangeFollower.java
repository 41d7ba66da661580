package trough.registry.embedded;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trough.core.registry.RegistryChange;
import trough.core.registry.RegistryException;
import trough.core.registry.Replica;
import trough.core.registry.SegmentRecord;
import trough.core.registry.Watch;
import trough.core.segment.SegmentId;

/**
 * Follows the embedded registry's {@link ChangeLog} for one listener: every 200 ms it reads the changes after the
 * last it passed on, a page at a time until it has caught up, and passes on each changed segment's record and
 * replica as they are now (read after the log, so never older than the change). A hole in the numbers means the
 * log was pruned past it: the listener hears that changes were missed.
 */
final class ChangeFollower implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeFollower.class);
    private static final int PAGE = 5_000;

    private final ChangeLog log;
    private final EmbeddedRegistry registry;
    private final Consumer<RegistryChange> listener;
    private final ScheduledExecutorService poller;
    private long seen;

    ChangeFollower(ChangeLog log, EmbeddedRegistry registry, Consumer<RegistryChange> listener) {
        this.log = log;
        this.registry = registry;
        this.listener = listener;
        this.seen = log.last();
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "trough-changes");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(this::poll, PolledWatch.INTERVAL_MILLIS, PolledWatch.INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            List<ChangeLog.Entry> entries;
            do {
                entries = log.after(seen, PAGE);
                if (entries.isEmpty()) return;
                if (entries.get(0).seq() != seen + 1) {
                    listener.accept(new RegistryChange.ChangesMissed("the registry's change log no longer holds changes " + (seen + 1) + " to "
                            + (entries.get(0).seq() - 1)));
                }
                pass(entries);
                seen = entries.get(entries.size() - 1).seq();
            } while (entries.size() == PAGE);
        } catch (RegistryException e) {
            LOG.debug("following the registry's changes: the registry failed, trying again: {}", e.getMessage());
        } catch (RuntimeException e) {
            // A failing listener must not end the follower: the scheduler drops a task that throws.
            LOG.warn("following the registry's changes: the listener failed", e);
        }
    }

    private void pass(List<ChangeLog.Entry> entries) {
        Set<SegmentId> segments = new LinkedHashSet<>();
        Map<SegmentId, Set<String>> replicas = new HashMap<>();
        for (ChangeLog.Entry entry : entries) {
            SegmentId id = SegmentId.of(entry.segment());
            if (entry.worker() == null) segments.add(id);
            else replicas.computeIfAbsent(id, key -> new LinkedHashSet<>()).add(entry.worker());
        }
        Map<SegmentId, SegmentRecord> records = registry.segmentsById(segments);
        for (SegmentId id : segments) listener.accept(new RegistryChange.SegmentChanged(id, records.get(id)));
        Map<SegmentId, List<Replica>> now = registry.placements().replicasOf(new ArrayList<>(replicas.keySet()));
        for (Map.Entry<SegmentId, Set<String>> changed : replicas.entrySet()) {
            Map<String, Replica> byWorker = new HashMap<>();
            for (Replica replica : now.getOrDefault(changed.getKey(), List.of())) byWorker.put(replica.worker(), replica);
            for (String worker : changed.getValue()) listener.accept(new RegistryChange.ReplicaChanged(changed.getKey(), worker, byWorker.get(worker)));
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
