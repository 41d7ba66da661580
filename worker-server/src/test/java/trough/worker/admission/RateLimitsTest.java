package trough.worker.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The token buckets themselves: what a caller may do, and that strangers do not pile up in memory. */
class RateLimitsTest {
    @Test
    void aCallerMayBurstThenWaitsForItsRate() {
        RateLimits limits = new RateLimits(AdmissionSettings.defaults().withRateLimit(1, 3));
        for (int i = 0; i < 3; i++) assertEquals(0.0, limits.take("alice"), "within the burst");
        double wait = limits.take("alice");
        assertTrue(wait > 0.9 && wait <= 1.0, "one request a second: " + wait);
        assertEquals(0.0, limits.take("bob"), "each caller has a bucket of its own");
    }

    @Test
    void callersWithFullBucketsAreForgottenOnceManyAreTracked() {
        RateLimits limits = new RateLimits(AdmissionSettings.defaults().withRateLimit(1_000_000, 1));
        for (int i = 0; i <= RateLimits.TRACKED + 1; i++) limits.take("address 10.0." + i);
        assertTrue(limits.tracked() < RateLimits.TRACKED, "refilled buckets were dropped: " + limits.tracked());

        RateLimits slow = new RateLimits(AdmissionSettings.defaults().withRateLimit(0.001, 1));
        for (int i = 0; i <= RateLimits.TRACKED + 1; i++) slow.take("address 10.0." + i);
        assertEquals(RateLimits.TRACKED + 2, slow.tracked(), "empty buckets are kept: forgetting them would reset their limit");
    }
}
