package trough.calcite.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import trough.core.client.RowSource;
import trough.core.client.SortedRows;
import trough.core.client.TroughQueryException;
import trough.core.order.SortKey;
import trough.core.order.SqliteOrder;
import trough.core.scan.RowScan;
import trough.core.scan.ScanException;
import trough.core.scan.SegmentFileReaders;
import trough.core.scan.SegmentScan;
import trough.core.scan.SortedSegmentScan;

/**
 * Runs fragments on the segment files of a directory, in this process, on a bounded pool of threads. Nothing
 * travels in batches here, so a statement's fetch size changes nothing.
 */
public final class LocalSegmentExecutor implements SegmentExecutor {
    private static final int POOLED_CONNECTIONS = 256;

    private final Path directory;
    private final ExecutorService pool;
    private final int parallelism;
    private final SegmentFileReaders connections;

    /**
     * @param pool        threads for segment scans; it must grow as needed (several scans of one query are
     *                    read by one thread, see {@link SegmentScan#start})
     * @param parallelism segments one scan reads at once
     */
    public LocalSegmentExecutor(Path directory, ExecutorService pool, int parallelism) {
        this.directory = directory;
        this.pool = pool;
        this.parallelism = parallelism;
        // A connection costs a file handle and SQLite's page cache: a directory of thousands of files keeps only
        // the recently read ones open.
        this.connections = new SegmentFileReaders(segment -> directory.resolve(segment.fileName()), 2, POOLED_CONNECTIONS);
    }

    /** Closes the connections kept open to the files. */
    public void close() {
        connections.close();
    }

    @Override
    public RowSource execute(List<Fragment> fragments, long limit, long timeoutMillis, int fetchSize) {
        List<RowScan> scans = new ArrayList<>();
        for (Fragment fragment : fragments) {
            // Several scans must all run while the first is read, so only a lone one may run as it is read.
            RowScan scan = fragments.size() == 1 ? SegmentScan.of(fragment.sql().sql(), fragment.values(), fragment.segments(), false, connections)
                    : new SegmentScan(fragment.sql().sql(), fragment.values(), fragment.segments(), false, connections);
            scans.add(started(scan, timeoutMillis));
        }
        return new ScanRows(scans, directory.toString());
    }

    /** One sorted scan per {@value SortedSegmentScan#MAX_SEGMENTS} segments, merged. */
    @Override
    public RowSource executeSorted(List<Fragment> fragments, List<SortKey> order, long limit, long timeoutMillis, int fetchSize) {
        List<RowSource> sorted = new ArrayList<>();
        for (Fragment fragment : fragments) {
            for (Fragment part : fragment.split(SortedSegmentScan.MAX_SEGMENTS)) {
                RowScan scan = new SortedSegmentScan(part.sql().sql(), part.values(), part.segments(), order, false, connections);
                sorted.add(new ScanRows(List.of(started(scan, timeoutMillis)), directory.toString()));
            }
        }
        return new SortedRows(sorted, new SqliteOrder(order));
    }

    private RowScan started(RowScan scan, long timeoutMillis) {
        scan.start(pool, timeoutMillis, parallelism);
        return scan;
    }

    /** The rows of several scans, one scan after the other (they all run at once). */
    private static final class ScanRows implements RowSource {
        private final List<RowScan> scans;
        private final String where;
        private int current;

        ScanRows(List<RowScan> scans, String where) {
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
            for (RowScan scan : scans) scan.cancel(reason);
        }

        @Override
        public void close() {
            for (RowScan scan : scans) scan.close();
        }
    }
}
