package trough.core.registry;

/** Hot workers serve queries on any segment; cold workers keep only segments marked cold. */
public enum WorkerTier {
    HOT,
    COLD
}
