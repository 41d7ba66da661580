package trough.core.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The workers of the cluster, as they report themselves: one heartbeat per worker, whatever it serves. */
public interface Workers {
    /** Stores the worker's report stamped with the registry's time, and answers it as stored. */
    WorkerRecord heartbeat(WorkerRecord report);

    Optional<WorkerRecord> worker(String id);

    /** Every worker that ever reported and was not removed, alive or not, in id order. */
    List<WorkerRecord> all();

    boolean remove(String id);

    /** The workers whose last heartbeat is younger than their TTL at {@code now} (the registry's clock). */
    default List<WorkerRecord> aliveAt(Instant now) {
        return all().stream().filter(worker -> worker.aliveAt(now)).toList();
    }
}
