package trough.core.registry;

import trough.core.segment.SegmentId;

/** The names leases are kept under, so that every node spells them the same way. */
public final class LeaseName {
    /** The lease whose holder is the sync master. */
    public static final String LEADER = "leader";
    private static final String WRITE_PREFIX = "write:";

    private LeaseName() {}

    /** The lease whose holder is the one worker allowed to write the segment. */
    public static String write(SegmentId segment) {
        return WRITE_PREFIX + segment.value();
    }
}
