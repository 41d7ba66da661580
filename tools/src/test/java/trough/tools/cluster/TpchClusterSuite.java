package trough.tools.cluster;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import trough.jdbc.tpch.TpchData;
import trough.jdbc.tpch.TpchOracleTest;
import trough.jdbc.tpch.TpchQueries;

/**
 * The 22 TPC-H queries through {@code jdbc:trough://}: the 8 segments served by a real worker on loopback,
 * rows over HTTP in the binary codec, each answer compared with one SQLite file holding all the rows. One
 * class per scale factor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TpchClusterSuite {
    TpchData data;
    OracleCluster cluster;

    abstract double scaleFactor();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        data = TpchData.generate(dir.resolve("data"), scaleFactor());
        cluster = OracleCluster.serve(dir, data);
    }

    @AfterAll
    void stop() {
        if (cluster != null) cluster.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void answersThroughAWorkerAsOneSqliteFile(TpchQueries.Query query) throws Exception {
        TpchOracleTest.assertSameAnswer(cluster.url, data, query);
    }

    List<TpchQueries.Query> queries() {
        return TpchQueries.at(scaleFactor());
    }
}
