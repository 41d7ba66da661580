package trough.sync.agent;

import java.time.Duration;

/**
 * @param interval       how often the agent compares what it should serve with what it serves
 * @param parallelism    downloads at once
 * @param replicas       healthy copies elsewhere required before an unassigned local copy is deleted
 * @param attempts       tries of a download whose bytes do not match before it is reported and left for the next round
 * @param followChanges  also run a round as soon as the registry says this worker's assignments changed; off, rounds
 *                       run only every interval (or when called, as tests do)
 * @param retryBackoff   how long a segment whose download failed is left alone before the next try; each further
 *                       failed round doubles it, up to {@link #MAX_RETRY_BACKOFF}; zero tries again every round
 */
public record AgentSettings(Duration interval, int parallelism, int replicas, int attempts, boolean followChanges, Duration retryBackoff) {
    /** The longest a failing download waits between tries: it keeps being tried, and reported, while it fails. */
    public static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(5);

    public AgentSettings {
        if (retryBackoff == null || retryBackoff.isNegative()) throw new IllegalArgumentException("retryBackoff must be zero or positive");
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
        if (replicas < 1) throw new IllegalArgumentException("replicas must be at least 1");
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
    }

    /** Settings whose failing downloads wait one interval, then twice as long after each failed round. */
    public AgentSettings(Duration interval, int parallelism, int replicas, int attempts, boolean followChanges) {
        this(interval, parallelism, replicas, attempts, followChanges, interval);
    }

    public static AgentSettings defaults() {
        return new AgentSettings(Duration.ofSeconds(2), 4, 2, 3, true);
    }

    /** How long to leave a download alone after {@code failedRounds} failed rounds in a row. */
    public Duration backoffAfter(int failedRounds) {
        if (retryBackoff.isZero() || failedRounds < 1) return Duration.ZERO;
        Duration wait = retryBackoff.multipliedBy(1L << Math.min(failedRounds - 1, 20));
        Duration cap = retryBackoff.compareTo(MAX_RETRY_BACKOFF) > 0 ? retryBackoff : MAX_RETRY_BACKOFF;
        return wait.compareTo(cap) > 0 ? cap : wait;
    }
}
