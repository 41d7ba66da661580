package trough.jdbc.tpch;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link TpchOracleTest} at SF 0.1: 600,000 line items over 8 segments, against one SQLite file. */
class TpchOracleTenthScaleTest {
    @TempDir
    static Path dir;
    static TpchData data;

    @BeforeAll
    static void generate() throws Exception {
        data = TpchData.generate(dir, 0.1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    void answersAsOneSqliteFile(TpchQueries.Query query) throws Exception {
        TpchOracleTest.assertSameAnswer("jdbc:trough:file:" + data.segmentDirectory, data, query);
    }

    static List<TpchQueries.Query> queries() {
        return TpchQueries.at(0.1);
    }
}
