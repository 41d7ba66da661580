package trough.core.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A lease held in the registry: the leader lease of the sync servers, or a segment's write lease.
 *
 * @param epoch the fencing token: it grows each time the lease changes hands (or is taken again after it
 *              lapsed) and never goes back, so whatever the holder does can be refused once it is stale
 */
public record Lease(String name, String holder, Instant expiresAt, long epoch) {
    public Lease {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
