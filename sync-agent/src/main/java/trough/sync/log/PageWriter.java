package trough.sync.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Applies log records to a database file that no connection has open, as SQLite's checkpoint would: each
 * frame's page is written at its place, and a commit frame sets the file's size in pages.
 */
public final class PageWriter {
    private PageWriter() {}

    public static void apply(LogRecord record, Path database) throws IOException {
        switch (record.kind()) {
            case IMAGE -> {
                Path temporary = database.resolveSibling(database.getFileName() + ".image");
                Files.write(temporary, record.payload());
                Files.move(temporary, database, StandardCopyOption.REPLACE_EXISTING);
            }
            case FRAMES -> applyFrames(record.pageSize(), record.payload(), database);
        }
    }

    /** Writes WAL frames (as {@link WalFile} reads them) into the database file. */
    public static void applyFrames(int pageSize, byte[] frames, Path database) throws IOException {
        if (frames.length == 0) return;
        int frameBytes = WalFile.FRAME_HEADER_BYTES + pageSize;
        if (pageSize <= 0 || frames.length % frameBytes != 0) {
            throw new IOException("WAL frames of " + frames.length + " bytes do not divide into frames of page size " + pageSize);
        }
        ByteBuffer all = ByteBuffer.wrap(frames);
        try (FileChannel file = FileChannel.open(database, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
            for (int at = 0; at < frames.length; at += frameBytes) {
                long page = Integer.toUnsignedLong(all.getInt(at));
                long pagesAfterCommit = Integer.toUnsignedLong(all.getInt(at + 4));
                ByteBuffer content = ByteBuffer.wrap(frames, at + WalFile.FRAME_HEADER_BYTES, pageSize);
                long position = (page - 1) * pageSize;
                while (content.hasRemaining()) file.write(content, position + (content.position() - at - WalFile.FRAME_HEADER_BYTES));
                if (pagesAfterCommit != 0) file.truncate(pagesAfterCommit * pageSize);
            }
            file.force(true);
        }
    }
}
