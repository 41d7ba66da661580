package trough.calcite.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import trough.calcite.exec.QuerySettings;
import trough.calcite.exec.TableShape;

/** One Trough schema as a Calcite schema: its tables, each spanning every segment that holds it. */
public final class TroughSchema extends AbstractSchema {
    private final SegmentSource source;
    private final QuerySettings settings;
    private final ScanFactory scans;

    public TroughSchema(SegmentSource source, QuerySettings settings, ScanFactory scans) {
        this.source = source;
        this.settings = settings;
        this.scans = scans;
    }

    public SegmentSource source() {
        return source;
    }

    public QuerySettings settings() {
        return settings;
    }

    /** The table of that name (its exact name, else ignoring case, as SQLite matches names), or null. */
    public TroughTable table(String name) {
        Map<String, TableShape> shapes = source.tables();
        TableShape shape = shapes.get(name);
        if (shape == null) shape = shapes.values().stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst().orElse(null);
        return shape == null ? null : new TroughTable(source, shape, settings, scans);
    }

    @Override
    protected Map<String, Table> getTableMap() {
        Map<String, Table> tables = new LinkedHashMap<>();
        for (TableShape shape : source.tables().values()) {
            tables.put(shape.name(), new TroughTable(source, shape, settings, scans));
        }
        return tables;
    }
}
