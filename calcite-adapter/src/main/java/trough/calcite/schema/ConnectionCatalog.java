package trough.calcite.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.SchemaPlus;
import trough.calcite.exec.QuerySettings;
import trough.core.client.TroughQueryException;

/**
 * A connection's Trough schemas as a plan finds them when it runs. Plans outlive the connection that made
 * them (a driver's connections share them), so a plan names its tables and looks them up in the schemas of
 * the {@link DataContext} it runs in.
 */
public final class ConnectionCatalog {
    private ConnectionCatalog() {}

    /** The table a plan made over {@code schema.table} reads in the connection running it. */
    public static TroughTable table(DataContext context, String schema, String table) {
        SchemaPlus root = context.getRootSchema();
        TroughSchema trough = root == null ? null : trough(root.getSubSchema(schema));
        TroughTable resolved = trough == null ? null : trough.table(table);
        if (resolved == null) {
            throw new TroughQueryException("table " + schema + "." + table + " is not in the schemas of this connection; "
                    + "prepare the statement again on a connection that has it");
        }
        return resolved;
    }

    /** The settings of the connection running a plan (every Trough schema of a connection has the same). */
    public static QuerySettings settings(DataContext context) {
        SchemaPlus root = context.getRootSchema();
        if (root != null) {
            for (String name : root.getSubSchemaNames()) {
                TroughSchema trough = trough(root.getSubSchema(name));
                if (trough != null) return trough.settings();
            }
        }
        throw new TroughQueryException("this connection has no Trough schema to run the statement in");
    }

    /** The Trough schema behind a Calcite schema, or null (Calcite's own "metadata" schema, a missing one). */
    private static TroughSchema trough(SchemaPlus schema) {
        return schema != null && CalciteSchema.from(schema).schema instanceof TroughSchema trough ? trough : null;
    }

    /**
     * What a plan made over these schemas depends on: each Trough schema's name and
     * {@link SegmentSource#catalogVersion()}. Two connections with equal versions can run each other's plans.
     */
    public static List<Object> version(CalciteSchema root) {
        List<Object> version = new ArrayList<>();
        for (Map.Entry<String, CalciteSchema> entry : root.getSubSchemaMap().entrySet()) {
            if (entry.getValue().schema instanceof TroughSchema trough) {
                version.add(entry.getKey());
                version.add(trough.source().catalogVersion());
            }
        }
        return version;
    }
}
