package trough.jdbc.tpch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trough.core.sqlite.SqliteConnections;

/**
 * The TPC-H tables at a scale factor, written twice: into one SQLite file holding every row (the oracle), and
 * spread over {@value #SEGMENT_COUNT} segment files {@code seg-0.sqlite} .. {@code seg-7.sqlite}, each with all
 * eight tables and a slice of each: a row goes to the segment its key modulo 8 names (orders and line items by
 * order key, parts and their suppliers by part key, others by their own key). So a line item sits with its
 * order but not with its part, supplier or customer, and the joins of the queries cross segments.
 *
 * <p>The columns have the specification's types as SQLite takes them: keys and counts INTEGER, text CHAR/VARCHAR
 * (TEXT affinity), money, quantities, discounts and taxes DECIMAL(15,2) (NUMERIC affinity: SQLite keeps 17.00
 * as the integer 17 and 0.05 as a real, so a sum's type follows the data, and a query must follow SQLite
 * there too), and dates TEXT holding 'YYYY-MM-DD', the form SQLite's date functions read.
 */
public final class TpchData {
    public static final int SEGMENT_COUNT = 8;
    /** Every table's CREATE TABLE, in the order the generator fills them. */
    public static final Map<String, String> TABLES = tables();
    /** The schema as one script: what a cluster's registry holds. */
    public static final String DDL = String.join(";\n", TABLES.values());
    /**
     * On the oracle only: Q17 and Q20 look up line items by part (and supplier), Q22 orders by customer, once
     * per outer row, which takes SQLite minutes at SF 0.1 without an index. An index changes no answer; the
     * segments stay as the spec has them.
     */
    private static final List<String> ORACLE_INDEXES = List.of(
            "CREATE INDEX lineitem_part_supplier ON lineitem (l_partkey, l_suppkey)",
            "CREATE INDEX orders_customer ON orders (o_custkey)");
    private static final int BATCH = 2_000;

    public final double scaleFactor;
    /** One SQLite file with every row. */
    public final Path oracle;
    /** The directory of the segment files, what {@code jdbc:trough:file:} is given. */
    public final Path segmentDirectory;
    public final List<String> segments;

    private TpchData(double scaleFactor, Path oracle, Path segmentDirectory, List<String> segments) {
        this.scaleFactor = scaleFactor;
        this.oracle = oracle;
        this.segmentDirectory = segmentDirectory;
        this.segments = segments;
    }

    /**
     * Generates the tables at {@code scaleFactor} under {@code root}: {@code root/oracle.sqlite} and {@code
     * root/segments/}, and prints how long it took.
     */
    public static TpchData generate(Path root, double scaleFactor) throws Exception {
        long started = System.nanoTime();
        Path segmentDirectory = Files.createDirectories(root.resolve("segments"));
        Path oracle = root.resolve("oracle.sqlite");
        List<String> segments = new ArrayList<>();
        List<TableFile> segmentFiles = new ArrayList<>();
        try (TableFile whole = TableFile.create(oracle)) {
            try {
                for (int i = 0; i < SEGMENT_COUNT; i++) {
                    segments.add("seg-" + i);
                    segmentFiles.add(TableFile.create(segmentDirectory.resolve("seg-" + i + ".sqlite")));
                }
                new TpchGenerator(scaleFactor).generate((table, spreadKey, values) -> {
                    whole.add(table, values);
                    segmentFiles.get((int) Math.floorMod(spreadKey, SEGMENT_COUNT)).add(table, values);
                });
                whole.index(ORACLE_INDEXES);
                whole.commit();
                for (TableFile file : segmentFiles) file.commit();
            } finally {
                for (TableFile file : segmentFiles) file.close();
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("TPC-H SF %s: generated the oracle and %d segments in %.1f s%n", scaleFactor, SEGMENT_COUNT, millis / 1000.0);
        return new TpchData(scaleFactor, oracle, segmentDirectory, List.copyOf(segments));
    }

    private static Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("region", "CREATE TABLE region (r_regionkey INTEGER PRIMARY KEY, r_name CHAR(25) NOT NULL, r_comment VARCHAR(152))");
        tables.put("nation", "CREATE TABLE nation (n_nationkey INTEGER PRIMARY KEY, n_name CHAR(25) NOT NULL,"
                + " n_regionkey INTEGER NOT NULL, n_comment VARCHAR(152))");
        tables.put("supplier", "CREATE TABLE supplier (s_suppkey INTEGER PRIMARY KEY, s_name CHAR(25) NOT NULL, s_address VARCHAR(40) NOT NULL,"
                + " s_nationkey INTEGER NOT NULL, s_phone CHAR(15) NOT NULL, s_acctbal DECIMAL(15,2) NOT NULL, s_comment VARCHAR(101) NOT NULL)");
        tables.put("part", "CREATE TABLE part (p_partkey INTEGER PRIMARY KEY, p_name VARCHAR(55) NOT NULL, p_mfgr CHAR(25) NOT NULL,"
                + " p_brand CHAR(10) NOT NULL, p_type VARCHAR(25) NOT NULL, p_size INTEGER NOT NULL, p_container CHAR(10) NOT NULL,"
                + " p_retailprice DECIMAL(15,2) NOT NULL, p_comment VARCHAR(23) NOT NULL)");
        tables.put("partsupp", "CREATE TABLE partsupp (ps_partkey INTEGER NOT NULL, ps_suppkey INTEGER NOT NULL, ps_availqty INTEGER NOT NULL,"
                + " ps_supplycost DECIMAL(15,2) NOT NULL, ps_comment VARCHAR(199) NOT NULL, PRIMARY KEY (ps_partkey, ps_suppkey))");
        tables.put("customer", "CREATE TABLE customer (c_custkey INTEGER PRIMARY KEY, c_name VARCHAR(25) NOT NULL, c_address VARCHAR(40) NOT NULL,"
                + " c_nationkey INTEGER NOT NULL, c_phone CHAR(15) NOT NULL, c_acctbal DECIMAL(15,2) NOT NULL, c_mktsegment CHAR(10) NOT NULL,"
                + " c_comment VARCHAR(117) NOT NULL)");
        tables.put("orders", "CREATE TABLE orders (o_orderkey INTEGER PRIMARY KEY, o_custkey INTEGER NOT NULL, o_orderstatus CHAR(1) NOT NULL,"
                + " o_totalprice DECIMAL(15,2) NOT NULL, o_orderdate TEXT NOT NULL, o_orderpriority CHAR(15) NOT NULL, o_clerk CHAR(15) NOT NULL,"
                + " o_shippriority INTEGER NOT NULL, o_comment VARCHAR(79) NOT NULL)");
        tables.put("lineitem", "CREATE TABLE lineitem (l_orderkey INTEGER NOT NULL, l_partkey INTEGER NOT NULL, l_suppkey INTEGER NOT NULL,"
                + " l_linenumber INTEGER NOT NULL, l_quantity DECIMAL(15,2) NOT NULL, l_extendedprice DECIMAL(15,2) NOT NULL, l_discount DECIMAL(15,2) NOT NULL,"
                + " l_tax DECIMAL(15,2) NOT NULL, l_returnflag CHAR(1) NOT NULL, l_linestatus CHAR(1) NOT NULL, l_shipdate TEXT NOT NULL,"
                + " l_commitdate TEXT NOT NULL, l_receiptdate TEXT NOT NULL, l_shipinstruct CHAR(25) NOT NULL, l_shipmode CHAR(10) NOT NULL,"
                + " l_comment VARCHAR(44) NOT NULL, PRIMARY KEY (l_orderkey, l_linenumber))");
        return tables;
    }

    /** One SQLite file being filled: the schema, one transaction, an INSERT per table sent in batches. */
    private static final class TableFile implements AutoCloseable {
        private final Connection connection;
        private final Map<String, PreparedStatement> inserts = new HashMap<>();
        private final Map<String, Integer> pending = new HashMap<>();

        private TableFile(Connection connection) {
            this.connection = connection;
        }

        static TableFile create(Path file) throws SQLException {
            Connection connection = SqliteConnections.openReadWrite(file);
            try (Statement statement = connection.createStatement()) {
                for (String ddl : TABLES.values()) statement.executeUpdate(ddl);
                connection.setAutoCommit(false);
                return new TableFile(connection);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }

        void add(String table, Object[] values) {
            try {
                PreparedStatement insert = inserts.get(table);
                if (insert == null) {
                    insert = connection.prepareStatement("INSERT INTO " + table + " VALUES (?" + ", ?".repeat(values.length - 1) + ")");
                    inserts.put(table, insert);
                }
                for (int i = 0; i < values.length; i++) insert.setObject(i + 1, values[i]);
                insert.addBatch();
                if (pending.merge(table, 1, Integer::sum) >= BATCH) {
                    insert.executeBatch();
                    pending.put(table, 0);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot insert into " + table + ": " + e.getMessage(), e);
            }
        }

        void commit() throws SQLException {
            for (PreparedStatement insert : inserts.values()) insert.executeBatch();
            connection.commit();
        }

        /** Sends what is pending and creates the indexes, in the same transaction. */
        void index(List<String> ddl) throws SQLException {
            for (PreparedStatement insert : inserts.values()) insert.executeBatch();
            try (Statement statement = connection.createStatement()) {
                for (String index : ddl) statement.executeUpdate(index);
            }
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement insert : inserts.values()) insert.close();
            connection.close();
        }
    }
}
