package trough.core.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
