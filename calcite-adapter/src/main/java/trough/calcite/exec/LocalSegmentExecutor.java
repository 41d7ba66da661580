package trough.calcite.exec;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.sqlite.SQLiteConnection;
import trough.core.scan.ScanException;
import trough.core.scan.SegmentConnectionProvider;
import trough.core.scan.SegmentScan;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqliteConnections;

/** Runs fragments on the segment files of a directory, in this process, on a bounded pool of threads. */
public final class LocalSegmentExecutor implements SegmentExecutor {
    private final Path directory;
    private final ExecutorService pool;
    private final int parallelism;
    private final SegmentConnectionProvider connections = new SegmentConnectionProvider() {
        @Override
        public SQLiteConnection borrow(SegmentId segment) throws SQLException {
            return SqliteConnections.openSegmentReader(directory.resolve(segment.fileName()), segment);
        }

        @Override
        public void release(SegmentId segment, SQLiteConnection connection, boolean reusable) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // nothing was written through it
            }
        }
    };

    /**
     * @param pool        threads for segment scans; it must grow as needed (several scans of one query are
     *                    read by one thread, see {@link SegmentScan#start})
     * @param parallelism segments one scan reads at once
     */
    public LocalSegmentExecutor(Path directory, ExecutorService pool, int parallelism) {
        this.directory = directory;
        this.pool = pool;
        this.parallelism = parallelism;
    }

    @Override
    public RowSource execute(List<Fragment> fragments, long timeoutMillis) {
        List<SegmentScan> scans = new ArrayList<>();
        for (Fragment fragment : fragments) {
            SegmentScan scan = new SegmentScan(fragment.sql().sql(), fragment.values(), fragment.segments(), false, connections);
            scan.start(pool, timeoutMillis, parallelism);
            scans.add(scan);
        }
        return new ScanRows(scans, directory.toString());
    }

    /** The rows of several scans, one scan after the other (they all run at once). */
    private static final class ScanRows implements RowSource {
        private final List<SegmentScan> scans;
        private final String where;
        private int current;

        ScanRows(List<SegmentScan> scans, String where) {
            this.scans = scans;
            this.where = where;
        }

        @Override
        public Object[] next() {
            while (current < scans.size()) {
                try {
                    Object[] row = scans.get(current).next();
                    if (row != null) return row;
                    current++;
                } catch (ScanException e) {
                    cancel("another segment failed");
                    throw new TroughQueryException(describe(e), e);
                }
            }
            return null;
        }

        private String describe(ScanException e) {
            String segment = e.segment() == null ? "" : "segment " + e.segment() + " (in " + where + "): ";
            return segment + e.getMessage();
        }

        @Override
        public void cancel(String reason) {
            for (SegmentScan scan : scans) scan.cancel(reason);
        }

        @Override
        public void close() {
            for (SegmentScan scan : scans) scan.close();
        }
    }
}
