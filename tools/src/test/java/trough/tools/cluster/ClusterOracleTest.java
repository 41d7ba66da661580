package trough.tools.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trough.jdbc.oracle.OracleTest;

/** The oracle harness through {@code jdbc:trough://}: a real worker on loopback, rows over HTTP in the binary codec. */
class ClusterOracleTest {
    @ParameterizedTest(name = "{0} segments")
    @ValueSource(ints = {7, 50})
    void queriesThroughAWorkerAnswerAsOneSqliteDatabase(int segmentCount, @TempDir Path dir) throws Exception {
        try (OracleCluster cluster = OracleCluster.start(dir, segmentCount, 2000, 5L * segmentCount)) {
            OracleTest.assertSameAnswers(cluster.url, cluster.data, 150, segmentCount);
        }
    }
}
