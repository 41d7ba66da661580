package trough.calcite.scratch;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import trough.calcite.exec.ScratchDatabase;
import trough.calcite.exec.ScratchTable;

/**
 * Empty scratch databases kept open to compile statements against. Compiling needs a statement's tables, not
 * their rows, and opening a database and creating its tables costs several times what compiling does; so
 * each set of tables (a schema's tables as they are now) has one such database, shared by every statement
 * prepared over it. The least recently used are closed when more than {@value #KEPT} sets are in use.
 */
final class CompileDatabases {
    private static final int KEPT = 16;

    private record Tables(List<ScratchTable> tables, String defaultSchema) {}

    /** What to do with the database; it must not change it. */
    @FunctionalInterface
    interface Compilation<T> {
        T run(ScratchDatabase database) throws SQLException;
    }

    private static final Map<Tables, ScratchDatabase> OPEN = new LinkedHashMap<>(KEPT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Tables, ScratchDatabase> eldest) {
            if (size() <= KEPT) return false;
            ScratchDatabase database = eldest.getValue();
            synchronized (database) {
                database.close();
            }
            return true;
        }
    };

    private CompileDatabases() {}

    /**
     * {@code sql} compiled over {@code tables} when SQLite compiles it, else what {@code fallback} (null for
     * none) renders when that compiles; SQLite's first refusal otherwise.
     */
    static CompiledQuery compile(List<ScratchTable> tables, String defaultSchema, String sql, Supplier<String> fallback) throws SQLException {
        try {
            return with(tables, defaultSchema, empty -> CompiledQuery.of(empty, sql));
        } catch (SQLException refused) {
            if (fallback == null) throw refused;
            String rendered;
            try {
                rendered = fallback.get();
            } catch (RuntimeException e) {
                throw refused;
            }
            try {
                return with(tables, defaultSchema, empty -> CompiledQuery.of(empty, rendered));
            } catch (SQLException again) {
                throw refused;
            }
        }
    }

    /** Runs {@code compilation} on the empty database holding {@code tables}, alone on it meanwhile. */
    static <T> T with(List<ScratchTable> tables, String defaultSchema, Compilation<T> compilation) throws SQLException {
        Tables key = new Tables(List.copyOf(tables), defaultSchema);
        while (true) {
            ScratchDatabase database;
            synchronized (OPEN) {
                database = OPEN.computeIfAbsent(key, k -> ScratchDatabase.create(k.tables(), k.defaultSchema()));
            }
            synchronized (database) {
                // Closed when it fell out of use between the lookup and now: take the one that replaced it.
                if (!database.isClosed()) return compilation.run(database);
            }
        }
    }
}
