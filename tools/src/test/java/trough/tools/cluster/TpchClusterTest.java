package trough.tools.cluster;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import trough.jdbc.tpch.TpchData;
import trough.jdbc.tpch.TpchOracleTest;
import trough.jdbc.tpch.TpchQueries;

/**
 * The 22 TPC-H queries at SF 0.01 through {@code jdbc:trough://}: the 8 segments served by a real worker on
 * loopback, rows over HTTP in the binary codec, each answer compared with one SQLite file holding all the rows.
 */
class TpchClusterTest {
    @TempDir
    static Path dir;
    static TpchData data;
    static OracleCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        data = TpchData.generate(dir.resolve("data"), 0.01);
        cluster = OracleCluster.serve(dir, data);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) cluster.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void answersThroughAWorkerAsOneSqliteFile(TpchQueries.Query query) throws Exception {
        TpchOracleTest.assertSameAnswer(cluster.url, data, query);
    }

    static List<TpchQueries.Query> queries() {
        return TpchQueries.at(0.01);
    }
}
