package trough.calcite.exec;

import java.util.List;

/**
 * A table of the client's scratch database: a Trough table's rows as a statement needs them, under the
 * table's own name and schema, so the statement runs there as written.
 *
 * @param indexes the columns of each index to build once the rows are in: the table's keys and indexes,
 *                never unique (the same key may be in two segments), so that SQLite plans over them as it
 *                would over the table on one database
 */
public record ScratchTable(String schema, String name, List<TableShape.ColumnShape> columns, List<List<String>> indexes) {
    public ScratchTable {
        columns = List.copyOf(columns);
        indexes = indexes.stream().map(List::copyOf).toList();
    }

    public ScratchTable(String schema, String name, List<TableShape.ColumnShape> columns) {
        this(schema, name, columns, List.of());
    }
}
