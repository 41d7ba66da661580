package trough.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.calcite.schema.ConnectionCatalog;
import trough.core.sqlite.SqliteConnections;

/**
 * A statement's fetch size reaches the plans it executes through what Calcite hands them (the DataContext),
 * not through the thread: a probe table answers the fetch size its scan finds the way Trough's scans find it.
 */
class StatementFetchSizeTest {
    @TempDir
    static Path dir;
    static String url;

    @BeforeAll
    static void segment() throws Exception {
        Path segments = Files.createDirectories(dir.resolve("segments"));
        try (Connection c = SqliteConnections.openReadWrite(segments.resolve("s1.sqlite")); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE n (i INTEGER)");
        }
        url = "jdbc:trough:file:" + segments;
    }

    @Test
    void aPlanFindsTheFetchSizeOfTheStatementRunningIt() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.unwrap(CalciteConnection.class).getRootSchema().add("probe", new ProbeSchema());
            try (Statement small = connection.createStatement(); Statement unset = connection.createStatement();
                 PreparedStatement prepared = connection.prepareStatement("SELECT fetch_size FROM probe.seen")) {
                small.setFetchSize(7);
                prepared.setFetchSize(3);
                assertEquals(7, seen(small.executeQuery("SELECT fetch_size FROM probe.seen")));
                assertEquals(0, seen(unset.executeQuery("SELECT fetch_size FROM probe.seen")), "a statement that set none");
                assertEquals(3, seen(prepared.executeQuery()));
                prepared.setFetchSize(0);
                assertEquals(0, seen(prepared.executeQuery()), "0 takes the hint back");
                assertEquals(7, seen(small.executeQuery("SELECT fetch_size FROM probe.seen")), "another statement's change is not this one's");
            }
        }
    }

    private static int seen(ResultSet rows) throws SQLException {
        try (rows) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** One table whose only row is the fetch size its scan finds in the DataContext. */
    private static final class ProbeSchema extends AbstractSchema {
        @Override
        protected Map<String, Table> getTableMap() {
            return Map.of("SEEN", new SeenTable());
        }
    }

    private static final class SeenTable extends AbstractTable implements ScannableTable {
        @Override
        public RelDataType getRowType(RelDataTypeFactory types) {
            return types.builder().add("FETCH_SIZE", SqlTypeName.INTEGER).build();
        }

        @Override
        public Enumerable<Object[]> scan(DataContext root) {
            int fetchSize = ConnectionCatalog.settings(root).fetchSizes().of(root);
            return Linq4j.asEnumerable(new Object[][] {{fetchSize}});
        }
    }
}
