package trough.core.order;

/**
 * One key of an ORDER BY, as the rows it orders carry it.
 *
 * @param column     the key's position in the row, from 0
 * @param descending true for DESC
 * @param nullsFirst where NULLs go; SQLite puts them first ascending and last descending unless told
 */
public record SortKey(int column, boolean descending, boolean nullsFirst) {
    public SortKey {
        if (column < 0) throw new IllegalArgumentException("a sort key's column is counted from 0, not " + column);
    }

    /** The key with SQLite's default NULL placement for its direction. */
    public static SortKey of(int column, boolean descending) {
        return new SortKey(column, descending, !descending);
    }
}
