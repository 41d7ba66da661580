package trough.tools.cluster;

/** TPC-H at SF 0.1 (600,000 line items) through a worker. */
class TpchClusterTenthScaleTest extends TpchClusterSuite {
    @Override
    protected double scaleFactor() {
        return 0.1;
    }
}
