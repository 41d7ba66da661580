package trough.sync.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import trough.core.sqlite.DatabaseFiles;

/**
 * A page-for-page copy of a database in WAL mode: its file with the committed WAL frames written over it. Log
 * records taken after it apply to it exactly (a {@code VACUUM INTO} copy would renumber pages). Take it while
 * nothing writes the database: the segment's writer connection held, as the write path holds it.
 */
public final class SegmentSnapshot {
    private SegmentSnapshot() {}

    /** Writes the copy to {@code target}; answers the WAL position it reflects. */
    public static WalCommits take(Path database, Path target) throws IOException {
        Files.copy(database, target, StandardCopyOption.REPLACE_EXISTING);
        WalCommits commits = WalFile.committedAfter(DatabaseFiles.wal(database), null);
        PageWriter.applyFrames(commits.pageSize(), commits.frames(), target);
        return commits;
    }
}
