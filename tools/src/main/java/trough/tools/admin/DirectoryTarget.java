package trough.tools.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.sqlite.SQLiteConnection;
import trough.core.client.file.FileSegmentWriter;
import trough.core.client.write.SegmentWriter;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;
import trough.core.segment.SegmentKeyFile;
import trough.core.sqlite.DatabaseFiles;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;

/**
 * A directory of segment files ({@code <segment-id>.sqlite}), written in this process. It has no registry:
 * no schemas, no replicas, no durable copies; a new segment copies the tables of an existing one, or
 * is created from a DDL file given with {@link #withDdl}.
 */
public final class DirectoryTarget implements SegmentTarget {
    private final Path directory;
    private final String ddl;

    public DirectoryTarget(Path directory) {
        this(directory, null);
    }

    private DirectoryTarget(Path directory, String ddl) {
        this.directory = directory;
        this.ddl = ddl;
    }

    /** The directory's segment key ({@value SegmentKeyFile#FILE_NAME}), whatever the schema asked for: a directory has one. */
    @Override
    public SegmentKey segmentKey(String schema) {
        return SegmentKeyFile.read(directory);
    }

    /** This directory, creating missing segments with {@code newDdl} instead of copying another segment's tables. */
    public DirectoryTarget withDdl(String newDdl) {
        return new DirectoryTarget(directory, newDdl);
    }

    @Override
    public String jdbcUrl() {
        return "jdbc:trough:file:" + directory.toAbsolutePath();
    }

    @Override
    public String describe() {
        return "the segment files in " + directory.toAbsolutePath();
    }

    @Override
    public List<SchemaDefinition> schemas() {
        return List.of();
    }

    @Override
    public boolean registerSchema(String name, String ddl) {
        throw needsCluster("registering a schema");
    }

    @Override
    public List<SegmentListing> segments(Pattern pattern, boolean withRows) {
        List<SegmentListing> found = new ArrayList<>();
        for (SegmentId id : ids()) {
            if (pattern != null && !pattern.matcher(id.value()).find()) continue;
            Path file = directory.resolve(id.fileName());
            try {
                found.add(new SegmentListing(id.value(), null, Files.size(file), withRows ? rows(file) : null, List.of(), null));
            } catch (IOException e) {
                // deleted meanwhile
            }
        }
        return found;
    }

    @Override
    public SegmentWriter writer(String schema) {
        return new TargetSegmentWriter(new FileSegmentWriter(directory, this::ids, () -> { }), segment -> {
            Path file = directory.resolve(segment.fileName());
            if (ddl != null && !Files.exists(file)) create(file);
        });
    }

    @Override
    public String promote(String segment) {
        throw needsCluster("promoting a segment");
    }

    @Override
    public String createTable(String segment, String table) {
        try (SQLiteConnection connection = SqliteConnections.openReadOnly(directory.resolve(SegmentId.of(segment).fileName()))) {
            return TableDefinitions.create(connection, table);
        } catch (SQLException e) {
            throw new TargetException("cannot read segment " + segment + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void shred(String segment) {
        Path file = directory.resolve(SegmentId.of(segment).fileName());
        try {
            if (!DatabaseFiles.delete(file)) throw new TargetException("no segment " + segment + " in " + directory.toAbsolutePath());
        } catch (IOException e) {
            throw new TargetException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // nothing held open
    }

    private synchronized void create(Path file) {
        try (SQLiteConnection connection = SqliteConnections.openReadWrite(file); Statement statement = connection.createStatement()) {
            for (SqlScript.Statement part : SqlScript.split(ddl)) statement.execute(part.sql());
        } catch (SQLException e) {
            DatabaseFiles.deleteQuietly(file);
            throw new TargetException("cannot create segment " + file.getFileName() + " from the DDL: " + e.getMessage(), e);
        }
    }

    private List<SegmentId> ids() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".sqlite"))
                    .map(n -> SegmentId.of(n.substring(0, n.length() - ".sqlite".length()))).sorted((a, b) -> a.value().compareTo(b.value())).toList();
        } catch (IOException e) {
            throw new TargetException("cannot list " + directory.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Long> rows(Path file) {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (SQLiteConnection connection = SqliteConnections.openReadOnly(file); Statement statement = connection.createStatement()) {
            for (String table : SqliteConnections.tableNames(connection)) {
                try (ResultSet count = statement.executeQuery("SELECT count(*) FROM " + SqlScript.quoteIdentifier(table))) {
                    rows.put(table, count.next() ? count.getLong(1) : 0);
                }
            }
        } catch (SQLException e) {
            throw new TargetException("cannot count the rows of " + file.getFileName() + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private TargetException needsCluster(String what) {
        return new TargetException(what + " needs a cluster (jdbc:trough://host:port); this is " + describe());
    }
}
