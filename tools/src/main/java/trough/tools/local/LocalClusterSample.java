package trough.tools.local;

import java.io.PrintStream;
import java.sql.SQLException;
import trough.core.registry.Registry;
import trough.tools.sample.CrawlLogSample;
import trough.tools.sample.SampleLoader;
import trough.worker.segment.SegmentStore;

/** Loads the sample into a data directory before the cluster starts serving it. */
final class LocalClusterSample {
    static final long SEED = 42;
    static final int SEGMENTS = 16;

    private LocalClusterSample() {}

    /** Loads the sample into the store and registers it in {@code registry}, which stays open. */
    static long load(SegmentStore store, Registry registry, int rows, PrintStream out) throws SQLException {
        return new SampleLoader(store, registry, out).load(new CrawlLogSample(SEED, SEGMENTS, rows));
    }
}
