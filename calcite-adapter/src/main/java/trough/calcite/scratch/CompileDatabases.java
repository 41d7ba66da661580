package trough.calcite.scratch;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import trough.calcite.exec.ScratchDatabase;
import trough.calcite.exec.ScratchTable;

/**
 * Empty scratch databases kept open to compile statements against. Compiling needs a statement's tables, not
 * their rows, and opening a database and creating its tables costs several times what compiling does; so
 * each set of tables (a schema's tables as they are now) keeps up to {@value #IDLE_PER_SET} such databases,
 * each lent to one statement at a time, so that concurrent statements do not wait for one another. The
 * databases of the least recently used sets are closed when more than {@value #SETS} sets are in use.
 */
final class CompileDatabases {
    private static final int SETS = 16;
    private static final int IDLE_PER_SET = 4;

    private record Tables(List<ScratchTable> tables, String defaultSchema) {}

    /** What to do with the database; it must not change it. */
    @FunctionalInterface
    interface Compilation<T> {
        T run(ScratchDatabase database) throws SQLException;
    }

    /** Databases not lent now, per set of tables; a lent database is in no list, so it is never closed in use. */
    private static final Map<Tables, Deque<ScratchDatabase>> IDLE = new LinkedHashMap<>(SETS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Tables, Deque<ScratchDatabase>> eldest) {
            if (size() <= SETS) return false;
            eldest.getValue().forEach(ScratchDatabase::close);
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

    /** Runs {@code compilation} on an empty database holding {@code tables}, lent to it alone meanwhile. */
    static <T> T with(List<ScratchTable> tables, String defaultSchema, Compilation<T> compilation) throws SQLException {
        Tables key = new Tables(List.copyOf(tables), defaultSchema);
        ScratchDatabase database;
        synchronized (IDLE) {
            Deque<ScratchDatabase> idle = IDLE.get(key);
            database = idle == null ? null : idle.pollFirst();
        }
        if (database == null) database = ScratchDatabase.create(key.tables(), key.defaultSchema());
        try {
            return compilation.run(database);
        } finally {
            giveBack(key, database);
        }
    }

    private static void giveBack(Tables key, ScratchDatabase database) {
        synchronized (IDLE) {
            Deque<ScratchDatabase> idle = IDLE.computeIfAbsent(key, k -> new ArrayDeque<>());
            if (idle.size() < IDLE_PER_SET) {
                idle.addFirst(database);
                return;
            }
        }
        database.close();
    }
}
