package trough.worker.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tokens a worker accepts, from a file of lines {@code <name> <role> sha256:<hex>}: only hashes are at
 * rest. The file is read again when it changes (looked at no more than once a second), so tokens rotate
 * without a restart; a file that no longer parses leaves the tokens as they were, and says so in the log.
 */
public final class TokenFile {
    private static final Logger LOG = LoggerFactory.getLogger(TokenFile.class);
    private static final String HASH_PREFIX = "sha256:";
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private record Contents(FileTime modified, long size, Map<String, Caller> byHash) {}

    private final Path file;
    private volatile Contents contents;
    private volatile long checkedAt;

    private TokenFile(Path file, Contents contents) {
        this.file = file;
        this.contents = contents;
        this.checkedAt = System.nanoTime();
    }

    /** Reads the file, failing with the line at fault when it does not parse. */
    public static TokenFile load(Path file) {
        try {
            return new TokenFile(file, read(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tokens file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The caller a token names, or empty for a token this worker does not know. */
    public Optional<Caller> caller(String token) {
        reloadIfChanged();
        return Optional.ofNullable(contents.byHash().get(hash(token)));
    }

    public int size() {
        return contents.byHash().size();
    }

    /** The form a token takes in the file. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HASH_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private void reloadIfChanged() {
        long now = System.nanoTime();
        if (now - checkedAt < CHECK_EVERY_NANOS) return;
        synchronized (this) {
            if (now - checkedAt < CHECK_EVERY_NANOS) return;
            checkedAt = now;
            try {
                Contents current = contents;
                if (Files.getLastModifiedTime(file).equals(current.modified()) && Files.size(file) == current.size()) return;
                contents = read(file);
                LOG.info("tokens file {} changed: {} token(s) now", file, contents.byHash().size());
            } catch (IOException | IllegalArgumentException e) {
                LOG.error("tokens file {} could not be read again, keeping the tokens it held before: {}", file, e.getMessage());
            }
        }
    }

    private static Contents read(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        long size = Files.size(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, Caller> byHash = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] fields = line.split("\\s+");
            String where = file + " line " + (i + 1);
            if (fields.length != 3 || !fields[2].startsWith(HASH_PREFIX) || fields[2].length() != HASH_PREFIX.length() + 64) {
                throw new IllegalArgumentException(where + ": expected '<name> <role> sha256:<64 hex digits>' ('trough token' makes one)");
            }
            Role role;
            try {
                role = Role.parse(fields[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
            if (byHash.put(fields[2].toLowerCase(Locale.ROOT), new Caller(fields[0], role)) != null) {
                throw new IllegalArgumentException(where + ": this hash is already listed");
            }
        }
        return new Contents(modified, size, byHash);
    }
}
