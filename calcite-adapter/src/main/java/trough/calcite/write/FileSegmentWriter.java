package trough.calcite.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import trough.calcite.exec.TroughQueryException;
import trough.core.segment.SegmentId;
import trough.core.sqlite.DatabaseFiles;
import trough.core.sqlite.SqlScript;
import trough.core.sqlite.SqliteConnections;
import trough.core.sqlite.StatementRunner;

/**
 * Writes into the segment files of a directory. A new segment is created with the tables and indexes of an
 * existing one, the nearest thing a directory of files has to a schema.
 */
public final class FileSegmentWriter implements SegmentWriter {
    private final Path directory;
    private final Supplier<List<SegmentId>> existing;
    private final Runnable onCreated;

    /** {@code onCreated} runs after a write created a segment, so that readers look at the directory again. */
    public FileSegmentWriter(Path directory, Supplier<List<SegmentId>> existing, Runnable onCreated) {
        this.directory = directory;
        this.existing = existing;
        this.onCreated = onCreated;
    }

    @Override
    public synchronized long write(SegmentId segment, String sql) {
        Path file = directory.resolve(segment.fileName());
        boolean created = !Files.exists(file);
        String ddl = created ? templateDdl() : null;
        List<SqlScript.Statement> statements = new ArrayList<>();
        if (ddl != null) statements.addAll(SqlScript.split(ddl));
        statements.addAll(SqlScript.split(sql));
        try (Connection connection = SqliteConnections.openReadWrite(file)) {
            long changed = StatementRunner.runInTransaction(connection, statements);
            if (created) onCreated.run();
            return changed;
        } catch (SQLException e) {
            if (created) DatabaseFiles.deleteQuietly(file); // a segment created for a failed write leaves nothing behind
            throw new TroughQueryException("writing to segment " + segment + " in " + directory + " failed, nothing was written to it: "
                    + e.getMessage(), e);
        }
    }

    private String templateDdl() {
        List<SegmentId> segments = existing.get();
        if (segments.isEmpty()) {
            throw new TroughQueryException("cannot create a segment in " + directory + ": there is no segment to copy the tables from", null);
        }
        List<String> statements;
        try (Connection template = SqliteConnections.openReadOnly(directory.resolve(segments.get(0).fileName()))) {
            statements = SqliteConnections.schemaStatements(template);
        } catch (SQLException e) {
            throw new TroughQueryException("cannot read the tables of segment " + segments.get(0) + ": " + e.getMessage(), e);
        }
        return String.join(";\n", statements);
    }
}
