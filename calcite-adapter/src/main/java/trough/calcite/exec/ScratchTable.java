package trough.calcite.exec;

import java.util.List;
import trough.calcite.schema.TableShape;

/**
 * A table of the client's scratch database: a Trough table's rows as a statement needs them, under the
 * table's own name and schema, so the statement runs there as written.
 */
public record ScratchTable(String schema, String name, List<TableShape.ColumnShape> columns) {
    public ScratchTable {
        columns = List.copyOf(columns);
    }
}
