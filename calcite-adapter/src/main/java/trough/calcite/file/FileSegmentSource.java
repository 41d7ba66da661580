package trough.calcite.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import trough.calcite.exec.LocalSegmentExecutor;
import trough.calcite.exec.SegmentExecutor;
import trough.calcite.exec.TableColumns;
import trough.calcite.exec.TableShape;
import trough.calcite.schema.SegmentSource;
import trough.calcite.schema.SegmentTable;
import trough.core.client.TroughQueryException;
import trough.core.client.file.FileSegmentWriter;
import trough.core.client.write.SegmentWriter;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;
import trough.core.segment.SegmentKeyFile;
import trough.core.sqlite.SqliteConnections;

/**
 * A directory of segment files ({@code <segment-id>.sqlite}) as a database: its tables are the union of the
 * tables found in the files, and a column missing from some files reads as NULL there. The files' schemas
 * are read once, on first use. Its segment key, if any, is in {@value SegmentKeyFile#FILE_NAME} beside them.
 */
public final class FileSegmentSource implements SegmentSource {
    private final Path directory;
    private final LocalSegmentExecutor executor;
    private final SegmentKey segmentKey;
    private Catalog catalog;

    public FileSegmentSource(Path directory, ExecutorService pool, int parallelism) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no directory of segment files at " + directory.toAbsolutePath()
                    + "; give jdbc:trough:file: the path of a directory holding <segment-id>.sqlite files");
        }
        this.directory = directory.toAbsolutePath();
        this.executor = new LocalSegmentExecutor(this.directory, pool, parallelism);
        this.segmentKey = SegmentKeyFile.read(this.directory);
    }

    @Override
    public synchronized Map<String, TableShape> tables() {
        return catalog().tables;
    }

    @Override
    public synchronized List<SegmentTable> segments(String table) {
        return catalog().segments.getOrDefault(table.toLowerCase(Locale.ROOT), List.of());
    }

    @Override
    public synchronized List<SegmentTable> segments(String table, Collection<SegmentId> ids) {
        Map<SegmentId, SegmentTable> byId = catalog().segmentsById().getOrDefault(table.toLowerCase(Locale.ROOT), Map.of());
        List<SegmentTable> found = new ArrayList<>();
        for (SegmentId id : new TreeSet<>(ids)) {
            SegmentTable segment = byId.get(id);
            if (segment != null) found.add(segment);
        }
        return found;
    }

    /** Reads the files' tables again on next use: a write through JDBC may have created a segment. */
    public synchronized void forget() {
        catalog = null;
    }

    @Override
    public synchronized Set<Set<String>> columnSets(String table) {
        return catalog().columnSets().getOrDefault(table.toLowerCase(Locale.ROOT), Set.of());
    }

    @Override
    public SegmentExecutor executor() {
        return executor;
    }

    @Override
    public synchronized Object catalogVersion() {
        return catalog().version();
    }

    @Override
    public SegmentKey segmentKey() {
        return segmentKey;
    }

    @Override
    public SegmentWriter writer() {
        return new FileSegmentWriter(directory, this::segmentFiles, this::forget);
    }

    @Override
    public String describe() {
        return "segment files in " + directory;
    }

    @Override
    public void close() {
        executor.close();
    }

    private Catalog catalog() {
        if (catalog == null) catalog = readCatalog();
        return catalog;
    }

    /**
     * @param columnSets   each table's distinct sets of columns among its segments (by lower-case table name)
     * @param segmentsById each table's segments by id (by lower-case table name)
     * @param version      the tables and their column sets
     */
    private record Catalog(Map<String, TableShape> tables, Map<String, List<SegmentTable>> segments, Map<String, Set<Set<String>>> columnSets,
                           Map<String, Map<SegmentId, SegmentTable>> segmentsById, Object version) {
        static Catalog of(Map<String, TableShape> tables, Map<String, List<SegmentTable>> segments) {
            Map<String, Set<Set<String>>> columnSets = columnSets(segments);
            return new Catalog(tables, segments, columnSets, byId(segments), List.of(tables, columnSets));
        }

        private static Map<String, Set<Set<String>>> columnSets(Map<String, List<SegmentTable>> segments) {
            Map<String, Set<Set<String>>> sets = new TreeMap<>();
            segments.forEach((table, copies) -> copies.forEach(copy -> sets.computeIfAbsent(table, t -> new HashSet<>()).add(copy.columns())));
            return sets;
        }

        private static Map<String, Map<SegmentId, SegmentTable>> byId(Map<String, List<SegmentTable>> segments) {
            Map<String, Map<SegmentId, SegmentTable>> byId = new HashMap<>();
            segments.forEach((table, copies) -> copies.forEach(copy -> byId.computeIfAbsent(table, t -> new HashMap<>()).put(copy.segment(), copy)));
            return byId;
        }
    }

    private Catalog readCatalog() {
        Map<String, LinkedHashMap<String, TableShape.ColumnShape>> columns = new TreeMap<>();
        Map<String, TableShape> firstSeen = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, List<SegmentTable>> segments = new LinkedHashMap<>();
        for (SegmentId segment : segmentFiles()) {
            try (Connection connection = SqliteConnections.openReadOnly(directory.resolve(segment.fileName()))) {
                for (String table : SqliteConnections.tableNames(connection)) {
                    String key = table.toLowerCase(Locale.ROOT);
                    names.putIfAbsent(key, table);
                    // Keys come from the first segment holding the table: segments made from one schema agree.
                    if (!firstSeen.containsKey(key)) firstSeen.put(key, TableColumns.shape(connection, table));
                    LinkedHashMap<String, TableShape.ColumnShape> union = columns.computeIfAbsent(key, k -> new LinkedHashMap<>());
                    Set<String> present = new LinkedHashSet<>();
                    for (TableShape.ColumnShape column : TableColumns.of(connection, table)) {
                        union.putIfAbsent(column.name().toLowerCase(Locale.ROOT), column);
                        present.add(column.name().toLowerCase(Locale.ROOT));
                    }
                    segments.computeIfAbsent(key, k -> new ArrayList<>()).add(new SegmentTable(segment, present));
                }
            } catch (SQLException e) {
                throw new TroughQueryException("cannot read the schema of segment " + segment + " in " + directory + ": " + e.getMessage(), e);
            }
        }
        Map<String, TableShape> tables = new LinkedHashMap<>();
        columns.forEach((key, union) -> tables.put(names.get(key), new TableShape(names.get(key), new ArrayList<>(union.values()),
                firstSeen.get(key).primaryKey(), firstSeen.get(key).indexes())));
        return Catalog.of(tables, segments);
    }

    private List<SegmentId> segmentFiles() {
        List<SegmentId> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.sqlite")) {
            for (Path file : files) {
                SegmentId id = SegmentId.fromFileName(file.getFileName().toString());
                if (id != null) ids.add(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list segment files in " + directory, e);
        }
        ids.sort(null);
        return ids;
    }
}
