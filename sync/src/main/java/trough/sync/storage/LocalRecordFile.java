package trough.sync.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Creates a change-log record's file when the durable storage is a local file system ({@code file://}),
 * with the file system's own calls instead of Hadoop's local one, which on this path falls short twice: its
 * {@code hsync} is only a flush (its checksummed stream is not {@code Syncable}), so an acknowledged record
 * could be lost with the machine; and without Hadoop's native library it runs {@code chmod} as a child process
 * for the file and again for its {@code .crc} beside it, about 25 ms per record. Here the name is taken
 * atomically ({@code O_CREAT|O_EXCL}: two writers cannot both create record N), the bytes are fsynced, and so is
 * the directory that names the file (and any directory created for it), so the record survives a crash of
 * the machine once this returns. Records carry their own CRC-32C, so no {@code .crc} file is needed; Hadoop
 * reads a file without one as it is.
 */
final class LocalRecordFile {
    private LocalRecordFile() {}

    /** Creates {@code file} with {@code bytes}, durably; false, and nothing changed, when the name is taken. */
    static boolean createNew(Path file, byte[] bytes) throws IOException {
        Deque<Path> created = createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(true);
        } catch (FileAlreadyExistsException e) {
            return false;
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
