package trough.calcite.prepare;

/** What a driver's {@link PlanCache} shows through JMX, under {@code trough.jdbc:type=PlanCache,name=...}. */
public interface PlanCacheMXBean {
    /** Queries served by a kept plan: their text's, or that of a template they share with other texts. */
    long getHitCount();

    /** Queries planned because no kept plan served them (first seen, evicted, or their schemas changed). */
    long getMissCount();

    /** Hits over queries prepared; 1.0 before any. */
    double getHitRate();

    long getEvictionCount();

    /** Plans held now. */
    long getSize();

    long getMaximumSize();
}
