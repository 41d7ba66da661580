package trough.worker.write;

import java.util.Locale;

/**
 * When a write is acknowledged. {@code REPLICATED}: once its commit is in the segment's change log in durable
 * storage, so losing the writer's machine loses nothing acknowledged. {@code LOCAL}: once it is on the writer's
 * disk (faster; a lost machine loses what was written since the last promotion).
 */
public enum WriteDurability {
    LOCAL, REPLICATED;

    /** What {@code write.durability} says; unset: replicated whenever there is durable storage and R ≥ 2. */
    public static WriteDurability resolve(String configured, boolean hasStorage, int replicas) {
        if (configured == null || configured.isBlank()) return hasStorage && replicas >= 2 ? REPLICATED : LOCAL;
        try {
            WriteDurability chosen = valueOf(configured.trim().toUpperCase(Locale.ROOT));
            if (chosen == REPLICATED && !hasStorage) {
                throw new IllegalArgumentException("write.durability = replicated needs durable storage: set 'storage' (hdfs://... or file:///...)");
            }
            return chosen;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("write.durability")) throw e;
            throw new IllegalArgumentException("write.durability must be 'local' or 'replicated', not '" + configured + "'", e);
        }
    }
}
