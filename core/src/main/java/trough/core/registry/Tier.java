package trough.core.registry;

/**
 * Hot or cold, of a worker or a segment: hot workers serve queries on hot segments; cold workers keep cold
 * segments (kept, rarely read) and nothing else.
 */
public enum Tier {
    HOT,
    COLD
}
