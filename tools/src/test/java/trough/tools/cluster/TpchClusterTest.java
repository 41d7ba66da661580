package trough.tools.cluster;

/** TPC-H at SF 0.01 (60,000 line items) through a worker. */
class TpchClusterTest extends TpchClusterSuite {
    @Override
    protected double scaleFactor() {
        return 0.01;
    }
}
