package trough.sync.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import trough.core.segment.SegmentId;
import trough.sync.log.CopyPosition;

/** What the local sync agent needs of the worker it runs beside. */
public interface SegmentHost {
    String workerId();

    /** The segments whose files this worker holds. */
    List<SegmentId> localSegments();

    /** Where a download for the segment is written before it is installed: on the same file system as the data. */
    Path incomingPath(SegmentId segment);

    /**
     * Puts a verified download in place of the segment's file, atomically, and records where it stands in the
     * segment's change log; readers move to it on their next query.
     */
    void install(SegmentId segment, Path downloaded, CopyPosition position) throws IOException;

    /** Where the local copy stands in the segment's change log (seq 0 when unknown). */
    CopyPosition position(SegmentId segment) throws IOException;

    /** The local copy's file, to copy from when catching up with the log. */
    Path file(SegmentId segment);

    /**
     * Stops serving the segment, deletes its file and runs {@code then}, unless the worker writes the segment;
     * the check and the removal are atomic with the worker taking a write lease, so a writer never loses its
     * file to the agent. Answers false, doing nothing, when it kept the segment.
     */
    boolean remove(SegmentId segment, Runnable then);

    /** True while this worker holds the segment's write lease: its copy is newer than any promoted one. */
    boolean isWriting(SegmentId segment);
}
