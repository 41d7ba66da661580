package trough.registry.rethinkdb;

import trough.core.registry.Assignment;
import trough.core.segment.SegmentId;

/**
 * The key {@code segment/worker} naming one segment and one worker: a replica's document id, an old assignment's
 * (see {@link LegacyAssignments}), and the cursor of a page of assignments. A segment id holds no '/', so the
 * first '/' splits it; a worker id may hold more.
 */
final class SegmentWorkerKey {
    private SegmentWorkerKey() {}

    static String of(SegmentId segment, String worker) {
        return segment.value() + "/" + worker;
    }

    static Assignment parse(String key) {
        int slash = key.indexOf('/');
        return new Assignment(SegmentId.of(key.substring(0, slash)), key.substring(slash + 1));
    }
}
