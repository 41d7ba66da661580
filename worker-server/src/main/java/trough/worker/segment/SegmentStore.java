package trough.worker.segment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.sqlite.DatabaseFiles;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;
import trough.core.sqlite.StatementRunner;

/**
 * The segment files of one worker: {@code <data-dir>/<segment-id>.sqlite}. Files appear whole (built
 * under a temporary name and linked or moved into place), so a reader never sees half a segment.
 */
public final class SegmentStore {
    private static final String TEMP_MARK = ".tmp-";

    private final Path dataDir;

    public SegmentStore(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(this.dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + this.dataDir, e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path path(SegmentId id) {
        return dataDir.resolve(id.fileName());
    }

    public boolean exists(SegmentId id) {
        return Files.isRegularFile(path(id));
    }

    /** Size of the segment's file and its write-ahead log, in bytes. */
    public long sizeBytes(SegmentId id) {
        Path main = path(id);
        Path wal = DatabaseFiles.wal(main);
        try {
            return Files.size(main) + (Files.exists(wal) ? Files.size(wal) : 0);
        } catch (IOException e) {
            return 0; // deleted while we looked
        }
    }

    /** Bytes of every segment this worker holds: what its heartbeat reports as used. */
    public long totalBytes() {
        return list(null).stream().mapToLong(this::sizeBytes).sum();
    }

    /** The segments present, in id order, whose id starts with {@code prefix}. */
    public List<SegmentId> list(String prefix) {
        List<SegmentId> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dataDir, "*.sqlite")) {
            for (Path file : files) {
                SegmentId id = SegmentId.fromFileName(file.getFileName().toString());
                if (id != null && (prefix == null || id.value().startsWith(prefix))) ids.add(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list segments in " + dataDir, e);
        }
        ids.sort(null);
        return ids;
    }

    /**
     * Creates the segment from the schema; answers false, changing nothing, when it already exists. The
     * schema runs on a temporary file that is linked into place only once it is complete. A hard link, unlike a
     * move, fails when the target exists: of several creators racing for one id exactly one wins, and a file
     * that already took writes is never replaced by an empty one.
     */
    public boolean create(SegmentId id, SchemaDefinition schema) throws SQLException {
        Path target = path(id);
        if (Files.exists(target)) return false;
        Path temp = dataDir.resolve(id.fileName() + TEMP_MARK + UUID.randomUUID());
        try {
            try (Connection connection = SqliteConnections.openReadWrite(temp)) {
                connection.setAutoCommit(false);
                StatementRunner.run(connection, SqlScript.split(schema.sql()));
                connection.commit();
                try (var statement = connection.createStatement()) {
                    // Fold the WAL into the file so the one file we move is the whole segment.
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
            DatabaseFiles.deleteSidecars(temp);
            return linkIntoPlace(temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create segment " + id + " in " + dataDir, e);
        } finally {
            DatabaseFiles.deleteQuietly(temp);
        }
    }

    /** Puts the complete {@code temp} at {@code target} unless something is there already; answers whether it did. */
    private static boolean linkIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            // A file system without hard links: a move that refuses an existing target (checked, then renamed).
            try {
                Files.move(temp, target);
                return true;
            } catch (FileAlreadyExistsException exists) {
                return false;
            }
        }
    }

    /** Removes the segment's file and its WAL sidecars; answers false when it did not exist. */
    public boolean delete(SegmentId id) {
        Path file = path(id);
        try {
            return DatabaseFiles.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete segment " + id + " from " + dataDir, e);
        }
    }

    /**
     * A fresh temporary path beside the segment's file (same file system, so a move into place is atomic);
     * {@link #removeLeftovers()} deletes any a crash left behind.
     */
    public Path temporaryPath(SegmentId id, String purpose) {
        return dataDir.resolve(id.fileName() + TEMP_MARK + purpose + "-" + UUID.randomUUID());
    }

    /**
     * Puts {@code file} in place of the segment's file. The old file's WAL sidecars go first: a new main file
     * beside an old WAL would be read as one corrupt database.
     */
    public void replace(SegmentId id, Path file) throws IOException {
        Path target = path(id);
        DatabaseFiles.deleteSidecars(target);
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Removes temporary files left by a crash during {@link #create}. */
    public void removeLeftovers() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dataDir, "*" + TEMP_MARK + "*")) {
            for (Path file : files) DatabaseFiles.deleteQuietly(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean " + dataDir, e);
        }
    }
}
