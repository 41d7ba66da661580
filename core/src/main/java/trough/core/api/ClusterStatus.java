package trough.core.api;

import java.util.List;
import trough.core.registry.PlacementRound;
import trough.core.registry.Tier;

/**
 * What an operator asks of the cluster ({@code GET /v1/cluster/status}, the shell's {@code SHOW CLUSTER}): the
 * sync master's last placement round, with the segments below R copies, and the workers, fullest first.
 *
 * @param placement the last round a master reported; null before any master finished one
 * @param workers   every registered worker, fullest first (by used bytes over capacity)
 */
public record ClusterStatus(PlacementRound placement, List<WorkerFill> workers) {
    public ClusterStatus {
        workers = List.copyOf(workers);
    }

    /**
     * One worker as it last reported itself.
     *
     * @param fill  used bytes over capacity
     * @param alive whether its last heartbeat is younger than its TTL
     */
    public record WorkerFill(String id, String url, Tier tier, long usedBytes, long capacityBytes, double fill, boolean alive) {}
}
