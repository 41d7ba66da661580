package trough.sync.master;

import java.time.Duration;
import java.util.Objects;

/**
 * @param syncId   this sync server's name in the leader lease
 * @param leaseTtl how long leadership lasts unless renewed; another server takes over within about twice this
 * @param interval how often the master renews its lease and reconciles (well under half the TTL)
 * @param replicas copies of each segment (R)
 * @param grace    how long a worker may miss heartbeats before its segments are placed elsewhere
 */
public record MasterSettings(String syncId, Duration leaseTtl, Duration interval, int replicas, Duration grace) {
    public MasterSettings {
        Objects.requireNonNull(syncId, "syncId");
        if (replicas < 1) throw new IllegalArgumentException("replicas must be at least 1, not " + replicas);
        if (interval.multipliedBy(2).compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException("the interval (" + interval + ") must be under half the lease TTL (" + leaseTtl + ") so the lease is renewed in time");
        }
    }

    public static MasterSettings defaults(String syncId) {
        return new MasterSettings(syncId, Duration.ofSeconds(6), Duration.ofSeconds(2), 2, Duration.ofSeconds(30));
    }

    public MasterSettings withReplicas(int count) {
        return new MasterSettings(syncId, leaseTtl, interval, count, grace);
    }
}
