package trough.core.registry;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Leases decided by the registry alone: each call is one atomic conditional update evaluated with the
 * registry's clock, so two callers can never both hold a lease.
 */
public interface Leases {
    /**
     * Takes the lease, or renews it when {@code holder} already holds it: answers the lease held from now
     * for {@code ttl}, or empty when another holder's lease has not expired. A renewal keeps the epoch;
     * any other acquisition takes the next epoch.
     */
    Optional<Lease> acquire(String name, String holder, Duration ttl);

    /**
     * Renews the lease only if {@code held} (holder and epoch) is still the current one and has not expired;
     * answers the renewed lease, or empty when it was lost.
     */
    Optional<Lease> renew(Lease held, Duration ttl);

    /** Gives the lease up, if {@code held} is still current; the epoch is kept for the next holder to exceed. */
    boolean release(Lease held);

    /** The lease as last taken, live or expired; empty if it was never taken or was released. */
    Optional<Lease> current(String name);

    /** {@link #current(String)} of many leases at once, by name (an absent key: no lease). */
    Map<String, Lease> current(Collection<String> names);
}
