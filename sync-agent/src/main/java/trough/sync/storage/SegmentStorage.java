package trough.sync.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import trough.core.registry.SegmentRecord;
import trough.core.segment.SegmentId;

/**
 * The durable copies of segment files, behind the Hadoop FileSystem API: {@code hdfs://} in a cluster,
 * {@code file://} on one machine. A copy is written under a temporary name and renamed into place (atomic
 * in HDFS), so a reader never sees half a file; a download is checked against the recorded checksum before
 * it replaces anything.
 *
 * <p>Layout under the base: {@code segments/<id>@<generation>+<log seq>.sqlite} ('@' and '+' cannot occur in
 * an id), {@code logs/<id>/} for each segment's change log ({@link SegmentLog}), and {@code tmp/} for uploads
 * in progress. Paths recorded in the registry are relative to the base, so the
 * base can move.
 */
public final class SegmentStorage implements AutoCloseable {
    private final URI base;
    private final FileSystem fs;
    private final SegmentLog log;

    private SegmentStorage(URI base, FileSystem fs) {
        this.base = base;
        this.fs = fs;
        this.log = new SegmentLog(fs, new org.apache.hadoop.fs.Path(base));
    }

    /** Storage under {@code base} (such as {@code hdfs://namenode:8020/trough} or {@code file:///var/trough}). */
    public static SegmentStorage open(URI base, Configuration configuration) throws IOException {
        if (base.getScheme() == null) {
            throw new IllegalArgumentException("storage needs a URI with a scheme (hdfs://host:port/path or file:///path), not '" + base + "'");
        }
        // A private instance: FileSystem.get shares one per URI, and closing a shared one breaks its other users.
        return new SegmentStorage(base, FileSystem.newInstance(base, configuration));
    }

    public URI base() {
        return base;
    }

    /** The segments' change logs, beside their copies. */
    public SegmentLog log() {
        return log;
    }

    /**
     * Uploads the local file as the segment's copy at that generation, holding the segment's change log up to
     * record {@code logSeq}, and answers what was stored.
     */
    public StoredCopy upload(SegmentId segment, long generation, long logSeq, Path localFile) throws IOException {
        String name = segment.value() + "@" + generation + "+" + logSeq;
        org.apache.hadoop.fs.Path temporary = path("tmp/" + name + "." + UUID.randomUUID() + ".tmp");
        String relative = "segments/" + name + ".sqlite";
        org.apache.hadoop.fs.Path target = path(relative);
        MessageDigest digest = Sha256.digest();
        java.nio.file.Path localTarget = LocalStorageFiles.onThisMachine(fs, target);
        if (localTarget != null) {
            // Hadoop's local file system would not sync it (its hsync is a flush there): see LocalStorageFiles.
            try {
                long size = LocalStorageFiles.copy(localFile, LocalStorageFiles.onThisMachine(fs, temporary), localTarget, digest);
                return new StoredCopy(relative, Sha256.format(digest), size, logSeq);
            } catch (IOException e) {
                throw new IOException("segment " + segment + ": upload of " + localFile + " to " + localTarget + " failed: " + e.getMessage(), e);
            }
        }
        long size;
        try (InputStream in = Files.newInputStream(localFile); FSDataOutputStream out = fs.create(temporary, false)) {
            DigestOutputStream hashing = new DigestOutputStream(out, digest);
            size = in.transferTo(hashing);
            hashing.flush();
            out.hsync();
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new IOException("segment " + segment + ": upload of " + localFile + " to " + temporary + " failed: " + e.getMessage(), e);
        }
        fs.mkdirs(target.getParent());
        // Only an earlier, failed attempt at this very generation can be there; nobody reads it yet.
        if (fs.exists(target)) fs.delete(target, false);
        if (!fs.rename(temporary, target)) {
            deleteQuietly(temporary);
            throw new IOException("segment " + segment + ": could not rename " + temporary + " to " + target + " in " + base);
        }
        return new StoredCopy(relative, Sha256.format(digest), size, logSeq);
    }

    /**
     * Downloads the segment's recorded copy to {@code target}, replacing it atomically only if the bytes match
     * the recorded checksum; otherwise nothing at {@code target} changes and {@link CorruptCopyException} says so.
     */
    public void download(SegmentRecord record, Path target) throws IOException {
        if (record.remotePath() == null || record.checksum() == null) {
            throw new IOException("segment " + record.id() + " was never promoted: durable storage holds no copy of it yet");
        }
        Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".download");
        MessageDigest digest = Sha256.digest();
        long size;
        try (InputStream in = new DigestInputStream(fs.open(path(record.remotePath())), digest);
             OutputStream out = Files.newOutputStream(temporary)) {
            size = in.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw new IOException("segment " + record.id() + ": download of " + record.remotePath() + " from " + base + " failed: " + e.getMessage(), e);
        }
        String actual = Sha256.format(digest);
        if (!actual.equals(record.checksum())) {
            Files.deleteIfExists(temporary);
            throw new CorruptCopyException(record.id(), base + "/" + record.remotePath(), record.checksum(), actual, size);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes one stored copy (an older generation, or a shredded segment's); answers false if it was not there. */
    public boolean delete(String remotePath) throws IOException {
        return fs.delete(path(remotePath), false);
    }

    public boolean exists(String remotePath) throws IOException {
        return fs.exists(path(remotePath));
    }

    /** The stored copy's Hadoop path: for tests and tools that must reach the bytes themselves. */
    public org.apache.hadoop.fs.Path path(String relative) {
        return new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(base), relative);
    }

    public FileSystem fileSystem() {
        return fs;
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }

    private void deleteQuietly(org.apache.hadoop.fs.Path path) {
        try {
            fs.delete(path, false);
        } catch (IOException ignored) {
            // The upload already failed; a leftover in tmp/ is harmless and named as such.
        }
    }
}
