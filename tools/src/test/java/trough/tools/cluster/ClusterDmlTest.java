package trough.tools.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.jdbc.oracle.DmlOracleTest;

/** UPDATE and DELETE through {@code jdbc:trough://}: sent to the segments' writer, checked against one SQLite database. */
class ClusterDmlTest {
    @Test
    void updatesAndDeletesThroughAWorkerChangeWhatTheyWouldInOneSqliteDatabase(@TempDir Path dir) throws Exception {
        try (OracleCluster cluster = OracleCluster.start(dir, 6, 1200, 17)) {
            DmlOracleTest.assertSameEffects(cluster.url, cluster.data);
        }
    }
}
