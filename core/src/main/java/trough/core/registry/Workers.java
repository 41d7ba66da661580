package trough.core.registry;

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
}
