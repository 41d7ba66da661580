package trough.tools.bench;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.sqlite.SQLiteConnection;
import trough.core.segment.SegmentId;
import trough.core.sqlite.ResultRows;
import trough.core.sqlite.SqliteConnections;

/**
 * The floor Trough's overhead is measured against: each segment's fragment run directly with sqlite-jdbc,
 * in parallel on every core, then the merge in plain Java. No planner, no HTTP, no codec.
 */
final class IdealFanOut implements BenchEngine {
    private final Path directory;
    private final ExecutorService pool;
    /** Connections stay open between queries, one per segment and thread, as a worker's pool keeps them. */
    private final ThreadLocal<Map<SegmentId, SQLiteConnection>> open = ThreadLocal.withInitial(HashMap::new);
    private final List<SQLiteConnection> opened = new CopyOnWriteArrayList<>();
    /** How many times each query ran, for queries whose text changes from run to run. */
    private final Map<String, Integer> runs = new HashMap<>();

    IdealFanOut(Path directory, int threads) {
        this.directory = directory;
        this.pool = Executors.newFixedThreadPool(threads);
    }

    @Override
    public String name() {
        return "ideal fan-out";
    }

    @Override
    public Answer run(BenchQuery query) throws Exception {
        String fragment = query.text(query.fragmentSql(), runs.merge(query.name(), 1, Integer::sum));
        List<Future<Answer.Builder>> digests = new ArrayList<>();
        List<Future<List<Object[]>>> partials = new ArrayList<>();
        for (SegmentId segment : query.segments()) {
            if (query.digest()) {
                digests.add(pool.submit(() -> {
                    Answer.Builder part = new Answer.Builder(false, true);
                    scan(segment, fragment, part::add);
                    return part;
                }));
            } else {
                partials.add(pool.submit(() -> {
                    List<Object[]> rows = new ArrayList<>();
                    scan(segment, fragment, rows::add);
                    return rows;
                }));
            }
        }
        Answer.Builder answer = new Answer.Builder(query.ordered(), query.digest());
        for (Future<Answer.Builder> part : digests) answer.addAll(part.get());
        List<Object[]> rows = new ArrayList<>();
        for (Future<List<Object[]>> part : partials) rows.addAll(part.get());
        for (Object[] row : query.merge() == null ? rows : query.merge().apply(rows)) answer.add(row);
        return answer.build();
    }

    private interface RowSink {
        void add(Object[] row);
    }

    private void scan(SegmentId segment, String sql, RowSink sink) throws Exception {
        SQLiteConnection connection = open.get().get(segment);
        if (connection == null) {
            connection = SqliteConnections.openReadOnly(directory.resolve(segment.fileName()));
            open.get().put(segment, connection);
            opened.add(connection);
        }
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            int width = rows.getMetaData().getColumnCount();
            while (rows.next()) sink.add(ResultRows.current(rows, width));
        }
    }

    @Override
    public void close() throws Exception {
        pool.shutdownNow();
        for (SQLiteConnection connection : opened) connection.close();
    }
}
