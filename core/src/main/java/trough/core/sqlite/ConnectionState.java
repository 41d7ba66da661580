package trough.core.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a connection carries from one statement to the next besides the database file: the objects of its
 * TEMP schema, the databases attached to it and the settings a {@code PRAGMA} can change. A connection
 * shared by requests must look the same after each one as before it; comparing two snapshots says whether
 * it does, and names what differs.
 */
public record ConnectionState(List<String> tempObjects, List<String> databases, Map<String, String> settings) {
    /**
     * The settings read back. {@code case_sensitive_like} cannot be read, which is one reason a write may not
     * run {@code PRAGMA} at all beyond a read-only allow-list.
     */
    private static final List<String> SETTINGS = List.of("writable_schema", "trusted_schema", "foreign_keys", "defer_foreign_keys",
            "recursive_triggers", "ignore_check_constraints", "reverse_unordered_selects", "automatic_index", "query_only",
            "read_uncommitted", "legacy_alter_table", "cell_size_check", "secure_delete", "synchronous", "journal_mode",
            "locking_mode", "temp_store", "cache_size", "cache_spill", "mmap_size", "busy_timeout", "journal_size_limit",
            "wal_autocheckpoint", "fullfsync", "checkpoint_fullfsync", "analysis_limit", "threads");

    public static ConnectionState of(Connection connection) throws SQLException {
        List<String> temp = column(connection, "SELECT type || ' ' || name FROM temp.sqlite_schema ORDER BY type, name");
        List<String> databases = column(connection, "SELECT name || ' ' || file FROM pragma_database_list ORDER BY seq");
        Map<String, String> settings = new LinkedHashMap<>();
        for (String setting : SETTINGS) {
            List<String> value = column(connection, "PRAGMA " + setting);
            settings.put(setting, value.isEmpty() ? null : value.get(0));
        }
        return new ConnectionState(temp, databases, settings);
    }

    /** What differs in {@code later}, for a person; empty when nothing does. */
    public String differences(ConnectionState later) {
        List<String> found = new ArrayList<>();
        if (!tempObjects.equals(later.tempObjects)) found.add("TEMP objects " + later.tempObjects);
        if (!databases.equals(later.databases)) found.add("databases " + later.databases);
        settings.forEach((name, value) -> {
            String now = later.settings.get(name);
            if (!Objects.equals(value, now)) found.add(name + " " + value + " -> " + now);
        });
        return String.join(", ", found);
    }

    private static List<String> column(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (var statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) values.add(rows.getString(1));
        }
        return values;
    }
}
