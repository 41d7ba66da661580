package trough.sync.placement;

import java.util.Map;

/**
 * The figures of one placement.
 *
 * @param added         replicas placed on a member that does not hold them yet (the movement)
 * @param removed       replicas a member holds but should give up
 * @param shortSegments segments that got fewer replicas than asked, for want of eligible members
 * @param balance       the fullest member's bytes per unit of capacity over the mean (1.0 is perfect)
 */
public record PlacementReport(long placed, long added, long removed, long shortSegments, double balance, Map<String, Long> bytesByMember) {
    @Override
    public String toString() {
        return String.format("%,d replicas placed, %,d to add, %,d to remove, %,d segments short of replicas, balance %.3f (max/mean)",
                placed, added, removed, shortSegments, balance);
    }
}
