package trough.calcite.scratch;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import trough.calcite.schema.TroughTable;

/** Tables by name, looked up as the validator looks them up: in the default schema, or a named one. */
record SchemaTables(CalcitePrepare.Context context) implements TableResolver {
    @Override
    public TableReference.QualifiedTable troughTable(List<String> names) {
        CalciteSchema.TableEntry entry = entry(names);
        if (entry != null && entry.getTable() instanceof TroughTable table) return new TableReference.QualifiedTable(entry.schema.getName(), table.shape());
        return null;
    }

    /** Every Trough table of every schema. */
    List<TableReference.QualifiedTable> all() {
        List<TableReference.QualifiedTable> tables = new ArrayList<>();
        for (CalciteSchema schema : context.getRootSchema().getSubSchemaMap().values()) {
            for (String name : schema.getTableNames()) {
                CalciteSchema.TableEntry entry = schema.getTable(name, true);
                if (entry != null && entry.getTable() instanceof TroughTable table) tables.add(new TableReference.QualifiedTable(schema.getName(), table.shape()));
            }
        }
        return tables;
    }

    @Override
    public boolean otherTable(List<String> names) {
        CalciteSchema.TableEntry entry = entry(names);
        return entry != null && !(entry.getTable() instanceof TroughTable);
    }

    private CalciteSchema.TableEntry entry(List<String> names) {
        CalciteSchema root = context.getRootSchema();
        if (names.size() == 1) {
            CalciteSchema schema = root;
            for (String part : context.getDefaultSchemaPath()) {
                schema = schema.getSubSchema(part, false);
                if (schema == null) return null;
            }
            CalciteSchema.TableEntry entry = schema.getTable(names.get(0), false);
            return entry != null ? entry : root.getTable(names.get(0), false);
        }
        CalciteSchema schema = root.getSubSchema(names.get(names.size() - 2), false);
        return schema == null ? null : schema.getTable(names.get(names.size() - 1), false);
    }
}
