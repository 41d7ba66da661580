package trough.calcite.exec;

import java.util.List;

/**
 * One table as the cluster shows it: its name and its columns, the union of the columns it has in every
 * segment (a column added in newer segments reads as NULL in older ones), and the keys its DDL declares.
 *
 * @param primaryKey the PRIMARY KEY columns in key order; empty when it declares none
 * @param indexes    its indexes (UNIQUE constraints and CREATE INDEX), for tools that show them
 */
public record TableShape(String name, List<ColumnShape> columns, List<String> primaryKey, List<IndexShape> indexes) {
    public TableShape {
        columns = List.copyOf(columns);
        primaryKey = List.copyOf(primaryKey);
        indexes = List.copyOf(indexes);
    }

    /**
     * A column, the type it was declared with in the schema DDL, and its DEFAULT as SQLite reports it (SQL
     * text, or null when it has none).
     */
    public record ColumnShape(String name, String declaredType, String defaultSql) {
        public ColumnShape(String name, String declaredType) {
            this(name, declaredType, null);
        }
    }

    /** An index of the table: its name, whether it is unique, and its columns in index order. */
    public record IndexShape(String name, boolean unique, List<String> columns) {
        public IndexShape {
            columns = List.copyOf(columns);
        }
    }
}
