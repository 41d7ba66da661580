package trough.worker.cluster;

import java.time.Duration;
import java.util.Objects;
import trough.core.registry.Tier;

/**
 * How a worker takes part in the cluster.
 *
 * @param workerId          its stable name in the registry; null to derive one from its URL
 * @param capacityBytes     how many bytes of segments placement may give it
 * @param tier              hot workers serve any segment, cold ones only cold segments
 * @param heartbeatInterval how often it tells the registry it is alive
 * @param heartbeatTtl      how long a heartbeat counts: a worker silent for longer is left out of the cluster map
 * @param writeLeaseTtl     how long a write lease lasts unless renewed; its holder renews it at a third of that
 * @param promoteEvery      how often segments written here since their last promotion are promoted; null: only on request
 * @param durability        {@code local} or {@code replicated} (see {@code WriteDurability}); null: replicated whenever there is
 *                          durable storage and R ≥ 2
 */
public record Membership(String workerId, long capacityBytes, Tier tier, Duration heartbeatInterval, Duration heartbeatTtl,
                         Duration writeLeaseTtl, Duration promoteEvery, String durability) {
    public Membership {
        Objects.requireNonNull(tier, "tier");
        if (capacityBytes <= 0) throw new IllegalArgumentException("capacityBytes must be positive, not " + capacityBytes);
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) throw new IllegalArgumentException("heartbeatInterval must be positive");
        if (heartbeatTtl.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("heartbeatTtl (" + heartbeatTtl + ") must be longer than heartbeatInterval (" + heartbeatInterval + ")");
        }
        if (writeLeaseTtl.isNegative() || writeLeaseTtl.isZero()) throw new IllegalArgumentException("writeLeaseTtl must be positive");
        if (promoteEvery != null && (promoteEvery.isNegative() || promoteEvery.isZero())) throw new IllegalArgumentException("promoteEvery must be positive");
    }

    public static Membership defaults() {
        return new Membership(null, 100L << 30, Tier.HOT, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(30), null, null);
    }

    public Membership withWorkerId(String id) {
        return new Membership(id, capacityBytes, tier, heartbeatInterval, heartbeatTtl, writeLeaseTtl, promoteEvery, durability);
    }

    public Membership withTimings(Duration interval, Duration ttl, Duration leaseTtl) {
        return new Membership(workerId, capacityBytes, tier, interval, ttl, leaseTtl, promoteEvery, durability);
    }

    public Membership withPromoteEvery(Duration every) {
        return new Membership(workerId, capacityBytes, tier, heartbeatInterval, heartbeatTtl, writeLeaseTtl, every, durability);
    }

    public Membership withDurability(String newDurability) {
        return new Membership(workerId, capacityBytes, tier, heartbeatInterval, heartbeatTtl, writeLeaseTtl, promoteEvery, newDurability);
    }

    public Membership withCapacity(long bytes, Tier newTier) {
        return new Membership(workerId, bytes, newTier, heartbeatInterval, heartbeatTtl, writeLeaseTtl, promoteEvery, durability);
    }
}
