package trough.sync.agent;

import java.time.Duration;

/**
 * @param interval       how often the agent compares what it should serve with what it serves
 * @param parallelism    downloads at once
 * @param replicas       healthy copies elsewhere required before an unassigned local copy is deleted
 * @param attempts       tries of a download whose bytes do not match before it is reported and left for the next round
 * @param followChanges  also run a round as soon as the registry says this worker's assignments changed; off, rounds
 *                       run only every interval (or when called, as tests do)
 */
public record AgentSettings(Duration interval, int parallelism, int replicas, int attempts, boolean followChanges) {
    public AgentSettings {
        if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
        if (replicas < 1) throw new IllegalArgumentException("replicas must be at least 1");
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
    }

    public static AgentSettings defaults() {
        return new AgentSettings(Duration.ofSeconds(2), 4, 2, 3, true);
    }
}
