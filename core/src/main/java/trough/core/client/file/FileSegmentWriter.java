package trough.core.client.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import trough.core.client.TroughQueryException;
import trough.core.client.write.PartialWriteException;
import trough.core.client.write.SegmentWriter;
import trough.core.segment.SegmentId;
import trough.core.sqlite.BoundValues;
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

    @Override
    public synchronized long writeRows(SegmentId segment, String statement, List<Object[]> rows, int rowsPerTransaction) {
        List<SqlScript.Statement> parsed = SqlScript.split(statement);
        if (parsed.size() != 1) throw new TroughQueryException("rows are bound to one statement, not " + parsed.size() + ": " + statement, null);
        Path file = directory.resolve(segment.fileName());
        boolean created = !Files.exists(file);
        String ddl = created ? templateDdl() : null;
        long changed = 0;
        int written = 0;
        try (Connection connection = SqliteConnections.openReadWrite(file)) {
            if (created) StatementRunner.runInTransaction(connection, SqlScript.split(ddl));
            for (int from = 0; from < rows.size(); from += rowsPerTransaction) {
                List<Object[]> part = new ArrayList<>();
                for (Object[] row : rows.subList(from, Math.min(rows.size(), from + rowsPerTransaction))) {
                    Object[] reduced = new Object[row.length];
                    for (int i = 0; i < row.length; i++) reduced[i] = BoundValues.reduce(row[i]);
                    part.add(reduced);
                }
                changed += StatementRunner.runForEachRow(connection, parsed.get(0), part, StatementRunner.StatementGuard.NONE);
                written++;
            }
        } catch (SQLException | IllegalArgumentException e) {
            if (created && written == 0) DatabaseFiles.deleteQuietly(file); // a segment created for a failed write leaves nothing behind
            if (created && written > 0) onCreated.run(); // it holds the transactions written before the failure
            TroughQueryException failure = new TroughQueryException("writing to segment " + segment + " in " + directory + " failed, "
                    + (written == 0 ? "nothing was written to it: " : "after " + written + " transaction(s): ") + e.getMessage(), e);
            throw new PartialWriteException(written, changed, failure);
        }
        if (created) onCreated.run();
        return changed;
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
