package trough.core.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A worker as it last reported itself. It is alive while its last heartbeat is younger than its TTL.
 *
 * @param capacityBytes how many bytes of segments it may hold; placement weights workers by it
 * @param usedBytes     bytes of segments it holds now
 * @param load          queries running at its last heartbeat
 * @param heartbeatAt   the registry's time of the last heartbeat (set by the registry, not the worker)
 */
public record WorkerRecord(String id, String url, long capacityBytes, long usedBytes, Tier tier, double load,
                           Instant heartbeatAt, Duration ttl) {
    public WorkerRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(ttl, "ttl");
        if (capacityBytes <= 0) throw new IllegalArgumentException("worker " + id + " needs a positive capacity, not " + capacityBytes);
    }

    /** A report to send as a heartbeat; the registry stamps the time. */
    public static WorkerRecord report(String id, String url, long capacityBytes, long usedBytes, Tier tier, double load, Duration ttl) {
        return new WorkerRecord(id, url, capacityBytes, usedBytes, tier, load, Instant.EPOCH, ttl);
    }

    public boolean aliveAt(Instant now) {
        return heartbeatAt.plus(ttl).isAfter(now);
    }
}
