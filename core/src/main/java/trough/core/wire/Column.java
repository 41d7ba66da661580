package trough.core.wire;

/** A result column: its name and the type SQLite declared for it (empty when the expression has none). */
public record Column(String name, String declaredType) {
    public Column {
        declaredType = declaredType == null ? "" : declaredType;
    }
}
