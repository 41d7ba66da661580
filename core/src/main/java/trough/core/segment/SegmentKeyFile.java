package trough.core.segment;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

/**
 * The segment key of a directory of segment files, which has no registry to keep it: a small properties file
 * {@value #FILE_NAME} beside the files, with the same two keys as the schema API,
 * {@code segmentKey=crawl_job_id} and (optionally) {@code segmentPattern=crawl-job-{crawl_job_id}}.
 */
public final class SegmentKeyFile {
    public static final String FILE_NAME = "segment-key.properties";
    private static final Set<String> KEYS = Set.of("segmentKey", "segmentPattern");

    private SegmentKeyFile() {}

    /** The directory's segment key, or null when it has no {@value #FILE_NAME}. */
    public static SegmentKey read(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) return null;
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the segment key in " + file, e);
        }
        for (String name : properties.stringPropertyNames()) {
            if (!KEYS.contains(name)) throw new IllegalArgumentException(file + ": unknown setting '" + name + "'; it takes " + KEYS);
        }
        String column = properties.getProperty("segmentKey");
        if (column == null || column.isBlank()) throw new IllegalArgumentException(file + " must name the key column: segmentKey=<column>");
        try {
            return SegmentKey.of(column.strip(), properties.getProperty("segmentPattern") == null ? null : properties.getProperty("segmentPattern").strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the directory's segment key, replacing any. */
    public static void write(Path directory, SegmentKey key) {
        Path file = directory.resolve(FILE_NAME);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# The segment key of the segment files in this directory (docs/jdbc.md, \"Segment keys\")\n");
            out.write("segmentKey=" + key.column() + "\n");
            out.write("segmentPattern=" + key.pattern() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the segment key to " + file, e);
        }
    }
}
