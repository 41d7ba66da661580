package trough.calcite.schema;

import java.util.List;

/**
 * One table as the cluster shows it: its name and its columns, the union of the columns it has in every
 * segment (a column added in newer segments reads as NULL in older ones).
 */
public record TableShape(String name, List<ColumnShape> columns) {
    public TableShape {
        columns = List.copyOf(columns);
    }

    /** A column and the type it was declared with in the schema DDL. */
    public record ColumnShape(String name, String declaredType) {
        public ColumnAffinity affinity() {
            return ColumnAffinity.of(declaredType);
        }
    }
}
