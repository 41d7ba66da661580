package trough.tools.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trough.core.registry.Registry;
import trough.core.registry.SegmentRecord;
import trough.core.schema.SchemaValidator;
import trough.core.segment.SegmentId;
import trough.jdbc.oracle.OracleDataSet;
import trough.jdbc.oracle.OracleTest;
import trough.sync.registry.EmbeddedRegistry;
import trough.worker.WorkerConfig;
import trough.worker.WorkerServer;

/** The oracle harness through {@code jdbc:trough://}: a real worker on loopback, rows over HTTP in the binary codec. */
class ClusterOracleTest {
    @ParameterizedTest(name = "{0} segments")
    @ValueSource(ints = {7, 50})
    void queriesThroughAWorkerAnswerAsOneSqliteDatabase(int segmentCount, @TempDir Path dir) throws Exception {
        OracleDataSet data = OracleDataSet.create(dir.resolve("data"), segmentCount, 2000, 5L * segmentCount, true);
        try (Registry registry = EmbeddedRegistry.open(dir.resolve("registry"))) {
            registry.putSchema(SchemaValidator.validate("oracle", OracleDataSet.T_DDL + ";" + OracleDataSet.U_DDL));
            for (String segment : data.segments) registry.putSegment(SegmentRecord.local(SegmentId.of(segment), "oracle", 0));
            try (WorkerServer worker = WorkerServer.start(WorkerConfig.defaults(data.directory).withPort(0), registry)) {
                OracleTest.assertSameAnswers("jdbc:trough://127.0.0.1:" + worker.port() + "/oracle", data, 150, segmentCount);
            }
        }
    }
}
