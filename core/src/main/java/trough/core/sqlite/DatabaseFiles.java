package trough.core.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/** The files a SQLite database is made of on disk: the database itself and the journals beside it. */
public final class DatabaseFiles {
    /** SQLite's journals, and Trough's record of where the copy stands in its segment's change log. */
    private static final List<String> SIDECARS = List.of("-wal", "-shm", "-journal", "-log");

    private DatabaseFiles() {}

    /** The write-ahead log beside {@code database}. */
    public static Path wal(Path database) {
        return database.resolveSibling(database.getFileName() + "-wal");
    }

    /** Where Trough records the change-log position of the copy at {@code database}. */
    public static Path logPosition(Path database) {
        return database.resolveSibling(database.getFileName() + "-log");
    }

    /**
     * What tells this file from another one later put at the same path (its inode where the file system has
     * one): a connection opened on a file that was since replaced or deleted must not be used again.
     */
    public static Object identity(Path database) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(database, BasicFileAttributes.class);
        return attributes.fileKey() != null ? attributes.fileKey() : attributes.creationTime();
    }

    /** Removes the journals beside {@code database}, not the database. */
    public static void deleteSidecars(Path database) throws IOException {
        for (String suffix : SIDECARS) Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
    }

    /** Removes the database and its journals; answers whether the database existed. */
    public static boolean delete(Path database) throws IOException {
        boolean existed = Files.deleteIfExists(database);
        deleteSidecars(database);
        return existed;
    }

    /** {@link #delete}, for clean-up after a failure: what cannot be removed now is removed later or never matters. */
    public static void deleteQuietly(Path database) {
        try {
            delete(database);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
