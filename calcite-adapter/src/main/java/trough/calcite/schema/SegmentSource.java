package trough.calcite.schema;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import trough.calcite.exec.SegmentExecutor;
import trough.calcite.exec.TableShape;
import trough.core.client.write.SegmentWriter;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;

/**
 * Where a schema's tables and segments come from and where fragments run: a directory of segment files in
 * process, or a cluster of workers over HTTP. The planner knows segments only through this interface.
 */
public interface SegmentSource extends AutoCloseable {
    /** The tables, by name (matched case-insensitively by the caller, as SQLite does). */
    Map<String, TableShape> tables();

    /** The segments holding the table, in id order. */
    List<SegmentTable> segments(String table);

    /**
     * Those of the table's segments whose ids are among {@code ids}, in id order: found by id, as a query naming
     * a few segments of very many must not walk them all.
     */
    List<SegmentTable> segments(String table, Collection<SegmentId> ids);

    /**
     * The distinct sets of columns (lower case) that the table's segments have: one set when every segment
     * has every column, more where schemas evolved. A plan renders its fragment for each.
     */
    Set<Set<String>> columnSets(String table);

    SegmentExecutor executor();

    /**
     * A value equal for two sources exactly when a plan made over one runs right over the other: the same
     * tables with the same columns, and the same sets of columns among their segments (which decide the
     * fragments' SQL). Which segments there are is not part of it: a plan lists them each time it runs.
     */
    Object catalogVersion();

    /**
     * What names a row's segment when an INSERT does not name {@code _segment}: the schema's segment key, or
     * null when it has none.
     */
    SegmentKey segmentKey();

    /** Where rows inserted through JDBC go. */
    SegmentWriter writer();

    /** Says where the data is, for EXPLAIN and error messages. */
    String describe();

    @Override
    void close();
}
