package trough.jdbc.tpch;

/** TPC-H at SF 0.01 (60,000 line items) through {@code jdbc:trough:file:} over 8 segment files. */
class TpchOracleTest extends TpchSuite {
    @Override
    protected double scaleFactor() {
        return 0.01;
    }
}
