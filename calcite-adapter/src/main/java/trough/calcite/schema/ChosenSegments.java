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
 * A source seen through a choice of its segments: its tables span only those. What an operator's shell
 * connects to when it names segments, like a query with {@code _segment IN (...)} on every table.
 */
public final class ChosenSegments implements SegmentSource {
    private final SegmentSource source;
    private final Set<String> chosen;

    public ChosenSegments(SegmentSource source, Set<String> chosen) {
        this.source = source;
        this.chosen = Set.copyOf(chosen);
    }

    @Override
    public Map<String, TableShape> tables() {
        return source.tables();
    }

    @Override
    public List<SegmentTable> segments(String table) {
        return source.segments(table).stream().filter(s -> chosen.contains(s.segment().value())).toList();
    }

    @Override
    public List<SegmentTable> segments(String table, Collection<SegmentId> ids) {
        return source.segments(table, ids.stream().filter(id -> chosen.contains(id.value())).toList());
    }

    @Override
    public Set<Set<String>> columnSets(String table) {
        return source.columnSets(table);
    }

    @Override
    public SegmentExecutor executor() {
        return source.executor();
    }

    @Override
    public Object catalogVersion() {
        return source.catalogVersion();
    }

    @Override
    public SegmentKey segmentKey() {
        return source.segmentKey();
    }

    @Override
    public SegmentWriter writer() {
        return source.writer();
    }

    @Override
    public String describe() {
        return source.describe() + " (" + chosen.size() + " chosen segments)";
    }

    @Override
    public void close() {
        source.close();
    }
}
