package trough.jdbc.tpch;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries over 8 segments answer what they answer on one SQLite file holding all the rows. A
 * subclass says at which scale factor and where the segments are served (files, or a worker).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TpchSuite {
    private TpchData data;
    private String url;

    protected abstract double scaleFactor();

    /** The {@code jdbc:trough:} URL through which the generated segments are queried: the files themselves here. */
    protected String serve(Path dir, TpchData data) throws Exception {
        return "jdbc:trough:file:" + data.segmentDirectory;
    }

    @BeforeAll
    public void generate(@TempDir Path dir) throws Exception {
        data = TpchData.generate(dir.resolve("data"), scaleFactor());
        url = serve(dir, data);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("queries")
    public void answersAsOneSqliteFile(TpchQueries.Query query) throws Exception {
        TpchComparison.assertSameAnswer(url, data, query);
    }

    public List<TpchQueries.Query> queries() {
        return TpchQueries.at(scaleFactor());
    }
}
