package trough.tools.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import trough.core.registry.Registry;
import trough.sync.registry.EmbeddedRegistry;
import trough.tools.sample.CrawlLogSample;
import trough.tools.sample.SampleLoader;
import trough.worker.segment.SegmentStore;

/** Loads the sample into a data directory before the cluster starts serving it. */
final class LocalClusterSample {
    static final long SEED = 42;
    static final int SEGMENTS = 16;

    private LocalClusterSample() {}

    static long load(SegmentStore store, Path dataDir, int rows, PrintStream out) throws SQLException {
        try (Registry registry = EmbeddedRegistry.open(LocalCluster.registryDir(dataDir))) {
            return new SampleLoader(store, registry, out).load(new CrawlLogSample(SEED, SEGMENTS, rows));
        }
    }
}
