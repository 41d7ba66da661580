package trough.calcite.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import trough.calcite.exec.SegmentExecutor;
import trough.calcite.exec.TableColumns;
import trough.calcite.exec.TableShape;
import trough.calcite.schema.SegmentSource;
import trough.calcite.schema.SegmentTable;
import trough.core.api.ClusterSegment;
import trough.core.client.TroughQueryException;
import trough.core.client.cluster.ClusterConnection;
import trough.core.client.cluster.ClusterSegmentWriter;
import trough.core.client.write.SegmentWriter;
import trough.core.schema.SchemaDefinition;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;
import trough.core.sqlite.StatementRunner;

/**
 * One registered schema of a cluster: its tables come from the schema's DDL (run on an in-memory SQLite to
 * read them back exactly as SQLite sees them), and every segment of the schema holds every table.
 */
public final class ClusterSegmentSource implements SegmentSource {
    private final ClusterConnection cluster;
    private final SchemaDefinition schema;
    private final SegmentExecutor executor;
    private Map<String, TableShape> tables;
    /** Each table's segments, built once per listing of the cluster's segments (planning asks many times). */
    private Map<SegmentId, ClusterSegment> listed;
    private final Map<String, List<SegmentTable>> segmentsByTable = new HashMap<>();

    public ClusterSegmentSource(ClusterConnection cluster, SchemaDefinition schema, SegmentExecutor executor) {
        this.cluster = cluster;
        this.schema = schema;
        this.executor = executor;
    }

    @Override
    public synchronized Map<String, TableShape> tables() {
        if (tables == null) tables = readTables();
        return tables;
    }

    @Override
    public synchronized List<SegmentTable> segments(String table) {
        TableShape shape = shape(table);
        if (shape == null) return List.of();
        Map<SegmentId, ClusterSegment> current = cluster.segments(schema.name());
        if (current != listed) {
            segmentsByTable.clear();
            listed = current;
        }
        return segmentsByTable.computeIfAbsent(shape.name(), name -> {
            Set<String> columns = columns(shape); // one set, shared by every segment's entry
            List<SegmentTable> segments = new ArrayList<>(current.size());
            for (ClusterSegment segment : current.values()) segments.add(new SegmentTable(segment.id(), columns));
            return List.copyOf(segments);
        });
    }

    @Override
    public synchronized List<SegmentTable> segments(String table, Collection<SegmentId> ids) {
        TableShape shape = shape(table);
        if (shape == null) return List.of();
        Map<SegmentId, ClusterSegment> current = cluster.segments(schema.name());
        Set<String> columns = columns(shape);
        List<SegmentTable> found = new ArrayList<>();
        for (SegmentId id : new TreeSet<>(ids)) {
            if (current.containsKey(id)) found.add(new SegmentTable(id, columns));
        }
        return found;
    }

    @Override
    public synchronized Set<Set<String>> columnSets(String table) {
        TableShape shape = shape(table);
        return shape == null ? Set.of() : Set.of(columns(shape));
    }

    /** The table's shape, its name matched case-insensitively as SQLite matches names; null when there is none. */
    private TableShape shape(String table) {
        return tables().values().stream().filter(t -> t.name().equalsIgnoreCase(table)).findFirst().orElse(null);
    }

    private static Set<String> columns(TableShape shape) {
        Set<String> columns = new LinkedHashSet<>();
        for (TableShape.ColumnShape column : shape.columns()) columns.add(column.name().toLowerCase(Locale.ROOT));
        return Set.copyOf(columns);
    }

    @Override
    public SegmentExecutor executor() {
        return executor;
    }

    /** Every segment holds every table of the schema, all of whose columns its definition gives. */
    @Override
    public Object catalogVersion() {
        return schema;
    }

    @Override
    public SegmentKey segmentKey() {
        return schema.segmentKey();
    }

    @Override
    public SegmentWriter writer() {
        return new ClusterSegmentWriter(cluster, schema.name());
    }

    @Override
    public String describe() {
        return "schema " + schema.name() + " of the cluster";
    }

    /**
     * Drops the segment lists this source and its cluster view hold. The connection to the cluster is shared
     * and closed by its owner; but a kept plan may still reach this source through the schemas it was
     * prepared over ({@link trough.calcite.prepare.PlanCache}), and must not keep a closed connection's
     * listing of every segment alive.
     */
    @Override
    public synchronized void close() {
        segmentsByTable.clear();
        listed = null;
        cluster.forget(schema.name());
    }

    private Map<String, TableShape> readTables() {
        try (Connection connection = SqliteConnections.openInMemory()) {
            StatementRunner.run(connection, SqlScript.split(schema.sql()));
            Map<String, TableShape> shapes = new LinkedHashMap<>();
            for (String table : SqliteConnections.tableNames(connection)) {
                shapes.put(table, TableColumns.shape(connection, table));
            }
            return shapes;
        } catch (SQLException e) {
            throw new TroughQueryException("cannot read the tables of schema " + schema.name() + ": " + e.getMessage(), e);
        }
    }
}
