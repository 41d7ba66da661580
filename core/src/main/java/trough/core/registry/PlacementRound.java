package trough.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the sync master did in one placement round, as it reports it in the registry for operators (a worker's
 * {@code /metrics} and {@code /v1/cluster/status}, the shell's {@code SHOW CLUSTER}).
 *
 * @param master          the sync server that ran the round
 * @param epoch           its leader lease's epoch
 * @param finishedAtMillis when the round ended, by the registry's clock, in epoch milliseconds
 * @param durationMillis  how long the round took
 * @param changes         what set it off: {@code first round as master}, workers that joined or left, a registry change
 * @param workers         the workers placed on (heard from within the grace period)
 * @param segments        the segments placed (those that can be fetched: promoted, or kept in a change log)
 * @param assigned        assignments added
 * @param unassigned      assignments removed
 * @param replicas        the replicas wanted of each segment (R)
 * @param shortOfWorkers  segments placed on fewer than R workers, for want of eligible ones
 * @param underReplicated segments with fewer than R copies served by live workers (copies still downloading count as missing)
 */
public record PlacementRound(String master, long epoch, long finishedAtMillis, long durationMillis, String changes, int workers,
                             long segments, long assigned, long unassigned, int replicas, long shortOfWorkers, long underReplicated) {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The round as a registry backend stores it: a JSON object. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a placement round always serializes", e);
        }
    }

    /**
     * Serializes and reads back a round, so that Jackson's first use (about a second in a fresh JVM on a loaded
     * machine) is paid when a sync server starts, not inside its first round as master, where it could outlast
     * a short leader lease.
     */
    public static void prepareCodec() {
        fromJson(new PlacementRound("", 0, 0, 0, "", 0, 0, 0, 0, 0, 0, 0).toJson());
    }

    /** A round stored by {@link #toJson()}; fields a newer master added are ignored. */
    public static PlacementRound fromJson(String json) {
        try {
            return JSON.readValue(json, PlacementRound.class);
        } catch (JsonProcessingException e) {
            throw new RegistryException("the registry holds a malformed placement round report: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String toString() {
        return String.format("%s; %,d segment(s) on %d worker(s): %,d assigned, %,d unassigned, %,d below %d copies, %,d short of workers, in %,d ms",
                changes, segments, workers, assigned, unassigned, underReplicated, replicas, shortOfWorkers, durationMillis);
    }
}
