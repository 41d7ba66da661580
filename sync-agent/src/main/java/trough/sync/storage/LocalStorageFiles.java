package trough.sync.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Writes change-log records and promoted copies when the durable storage is a local file system
 * ({@code file://}), with the file system's own calls instead of Hadoop's local one, which falls short twice: its
 * {@code hsync} is only a flush (its checksummed stream is not {@code Syncable}), so an acknowledged record
 * could be lost with the machine; and without Hadoop's native library it runs {@code chmod} as a child process
 * for the file and again for its {@code .crc} beside it, about 25 ms per record. Here the name is taken
 * atomically (a hard link to the fsynced bytes: two writers cannot both create record N), and the directory is fsynced, as is
 * the directory that names the file (and any directory created for it), so the record survives a crash of
 * the machine once this returns. Records carry their own CRC-32C, so no {@code .crc} file is needed; Hadoop
 * reads a file without one as it is.
 */
final class LocalStorageFiles {
    /** Ends the name of a file being written, never a record's or a copy's. */
    static final String TEMPORARY_SUFFIX = ".tmp";

    private LocalStorageFiles() {}

    /** The file's path on this machine when {@code fs} is the local file system ({@code file://}); else null. */
    static Path onThisMachine(FileSystem fs, org.apache.hadoop.fs.Path file) {
        if (fs instanceof LocalFileSystem local) return local.pathToFile(file).toPath();
        if (fs instanceof RawLocalFileSystem raw) return raw.pathToFile(file).toPath();
        return null;
    }

    /**
     * Copies {@code source} to {@code target} durably, through {@code temporary} (renamed into place, so a
     * reader never sees half a file), feeding {@code digest} with the bytes; answers how many were copied.
     * Once this returns, the copy survives a crash of the machine.
     */
    static long copy(Path source, Path temporary, Path target, MessageDigest digest) throws IOException {
        Deque<Path> created = createDirectories(temporary.getParent());
        long size = 0;
        try (InputStream in = Files.newInputStream(source);
             FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] chunk = new byte[1 << 16];
            for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                digest.update(chunk, 0, n);
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
                while (buffer.hasRemaining()) out.write(buffer);
                size += n;
            }
            out.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        created.addAll(createDirectories(target.getParent()));
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
        for (Path directory : created) syncDirectory(directory.getParent());
        return size;
    }

    /**
     * Creates {@code file} with {@code bytes}, durably; false, and nothing changed, when the name is taken. The
     * bytes are written and synced under a temporary name first and then linked to the record's name, which is
     * atomic and refused when the name exists: no one ever sees the record half written (a writer that lost the
     * race for the name would take a half-written record for a torn one and replace it).
     */
    static boolean createNew(Path file, byte[] bytes) throws IOException {
        Deque<Path> created = createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(true);
            }
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(file.getParent());
        // A directory made for this record is named in its parent, which must reach the disk too.
        for (Path directory : created) syncDirectory(directory.getParent());
        return true;
    }

    /** Creates the missing directories down to {@code directory}; answers those it created, deepest first. */
    private static Deque<Path> createDirectories(Path directory) throws IOException {
        Deque<Path> created = new ArrayDeque<>();
        for (Path missing = directory; missing != null && !Files.isDirectory(missing); missing = missing.getParent()) {
            created.push(missing);
        }
        Deque<Path> deepestFirst = new ArrayDeque<>();
        for (Path missing : created) {
            try {
                Files.createDirectory(missing);
                deepestFirst.push(missing);
            } catch (FileAlreadyExistsException e) {
                // made meanwhile by a concurrent writer of another segment: theirs to sync, and ours below anyway
                deepestFirst.push(missing);
            }
        }
        return deepestFirst;
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
