package trough.jdbc.tpch;

/** TPC-H at SF 0.1 (600,000 line items) through {@code jdbc:trough:file:} over 8 segment files. */
class TpchOracleTenthScaleTest extends TpchSuite {
    @Override
    protected double scaleFactor() {
        return 0.1;
    }
}
