package trough.tools.cluster;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import trough.jdbc.tpch.TpchData;
import trough.jdbc.tpch.TpchSuite;

/**
 * The 22 TPC-H queries through {@code jdbc:trough://}: the 8 segments served by a real worker on loopback,
 * rows over HTTP in the binary codec. One class per scale factor.
 */
abstract class TpchClusterSuite extends TpchSuite {
    private OracleCluster cluster;

    @Override
    protected String serve(Path dir, TpchData data) throws Exception {
        cluster = OracleCluster.serve(dir, data);
        return cluster.url;
    }

    @AfterAll
    void stop() {
        if (cluster != null) cluster.close();
    }
}
