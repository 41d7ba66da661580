package trough.calcite.prepare;

/** What a driver's {@link PlanCache} shows through JMX, under {@code trough.jdbc:type=PlanCache,name=...}. */
public interface PlanCacheMXBean {
    /** Queries whose plan was found. */
    long getHitCount();

    /** Queries planned because theirs was not found (first seen, evicted, or their schemas changed). */
    long getMissCount();

    /** Hits over lookups; 1.0 before any lookup. */
    double getHitRate();

    long getEvictionCount();

    /** Plans held now. */
    long getSize();

    long getMaximumSize();
}
