package trough.jdbc.oracle;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import trough.core.scan.ParameterBinding;
import trough.core.sqlite.SqliteConnections;

/**
 * Generated data spread over segment files, and the same rows in one SQLite database (with {@code _segment}
 * as an ordinary column): the oracle every query over the segments is compared with. The data has what
 * breaks naive merging: NULLs everywhere, every storage class in one column, unicode, duplicate keys, empty
 * segments, and a table that only some segments have.
 */
public final class OracleDataSet {
    public static final String T_DDL = "CREATE TABLE t (id INTEGER, grp TEXT, n INTEGER, x REAL, v, s TEXT)";
    public static final String U_DDL = "CREATE TABLE u (k INTEGER, label TEXT)";
    static final String[] GROUPS = {"a", "b", "c", "ä", "日本", "B", null};

    public final Path directory;
    public final Path oracle;
    public final List<String> segments = new ArrayList<>();

    private OracleDataSet(Path directory, Path oracle) {
        this.directory = directory;
        this.oracle = oracle;
    }

    /**
     * {@code segmentCount} segments holding {@code rows} rows of t; every third segment has rows of u, and the
     * others have no table u, or an empty one when {@code everyTableEverywhere} (as segments made from one
     * registered schema have).
     */
    public static OracleDataSet create(Path root, int segmentCount, int rows, long seed, boolean everyTableEverywhere) throws SQLException {
        OracleDataSet data = new OracleDataSet(root.resolve("segments"), root.resolve("oracle.sqlite"));
        java.io.File dir = data.directory.toFile();
        if (!dir.mkdirs() && !dir.isDirectory()) throw new IllegalStateException("cannot create " + dir);
        Random random = new Random(seed);
        for (int i = 0; i < segmentCount; i++) data.segments.add(String.format("seg-%02d", i));
        try (Connection oracle = SqliteConnections.openReadWrite(data.oracle); Statement statement = oracle.createStatement()) {
            statement.executeUpdate(T_DDL.replace(")", ", _segment TEXT)"));
            statement.executeUpdate(U_DDL.replace(")", ", _segment TEXT)"));
            oracle.setAutoCommit(false);
            for (int i = 0; i < segmentCount; i++) {
                String segment = data.segments.get(i);
                boolean hasU = i % 3 == 0;
                // The last segment stays empty when there are several: a segment with the table and no rows.
                int share = segmentCount > 1 && i == segmentCount - 1 ? 0 : rows / Math.max(1, segmentCount - 1) + random.nextInt(5);
                try (Connection file = SqliteConnections.openReadWrite(data.directory.resolve(segment + ".sqlite"));
                     Statement ddl = file.createStatement()) {
                    ddl.executeUpdate(T_DDL);
                    if (hasU || everyTableEverywhere) ddl.executeUpdate(U_DDL);
                    file.setAutoCommit(false);
                    for (int r = 0; r < share; r++) {
                        List<Object> row = tRow(random, i * 100_000 + r);
                        insert(file, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", row);
                        row.add(segment);
                        insert(oracle, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)", row);
                    }
                    if (hasU) {
                        for (int k = 0; k < 8; k++) {
                            List<Object> row = new ArrayList<>(List.of((long) random.nextInt(20), "label" + random.nextInt(4)));
                            insert(file, "INSERT INTO u VALUES (?, ?)", row);
                            row.add(segment);
                            insert(oracle, "INSERT INTO u VALUES (?, ?, ?)", row);
                        }
                    }
                    file.commit();
                }
            }
            oracle.commit();
        }
        return data;
    }

    /**
     * Adds a table to every segment and to the oracle, and puts each row in a segment chosen by {@code random}
     * (so some segments may hold none): for the small tables of the randomized suite.
     */
    public void addTable(String ddl, List<List<Object>> rows, Random random) throws SQLException {
        String table = ddl.replaceFirst("(?i)CREATE TABLE\\s+(\\w+).*", "$1");
        int width = ddl.substring(ddl.indexOf('(') + 1, ddl.lastIndexOf(')')).split(",").length;
        String values = String.join(", ", java.util.Collections.nCopies(width, "?"));
        List<List<List<Object>>> perSegment = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) perSegment.add(new ArrayList<>());
        for (List<Object> row : rows) perSegment.get(random.nextInt(segments.size())).add(row);
        try (Connection all = SqliteConnections.openReadWrite(oracle); Statement statement = all.createStatement()) {
            statement.executeUpdate(ddl.substring(0, ddl.lastIndexOf(')')) + ", _segment TEXT)");
            all.setAutoCommit(false);
            for (int i = 0; i < segments.size(); i++) {
                try (Connection file = SqliteConnections.openReadWrite(directory.resolve(segments.get(i) + ".sqlite"));
                     Statement create = file.createStatement()) {
                    create.executeUpdate(ddl);
                    file.setAutoCommit(false);
                    for (List<Object> row : perSegment.get(i)) {
                        insert(file, "INSERT INTO " + table + " VALUES (" + values + ")", row);
                        List<Object> withSegment = new ArrayList<>(row);
                        withSegment.add(segments.get(i));
                        insert(all, "INSERT INTO " + table + " VALUES (" + values + ", ?)", withSegment);
                    }
                    file.commit();
                }
            }
            all.commit();
        }
    }

    private static List<Object> tRow(Random random, long id) {
        List<Object> row = new ArrayList<>();
        row.add(random.nextInt(20) == 0 ? id - 1 : id); // a few duplicate ids
        row.add(GROUPS[random.nextInt(GROUPS.length)]);
        row.add(random.nextInt(8) == 0 ? null : (long) random.nextInt(200) - 50);
        row.add(random.nextInt(8) == 0 ? null : Math.round(random.nextGaussian() * 1000) / 8.0);
        row.add(switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> (long) random.nextInt(100);
            case 2 -> random.nextInt(100) / 4.0;
            case 3 -> "t" + random.nextInt(30);
            case 4 -> new byte[] {(byte) random.nextInt(4), 7};
            default -> (long) -random.nextInt(10);
        });
        row.add(random.nextInt(10) == 0 ? null : "s" + (char) ('a' + random.nextInt(6)) + random.nextInt(50) + (random.nextInt(7) == 0 ? "é" : ""));
        return row;
    }

    private static void insert(Connection connection, String sql, List<Object> values) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            ParameterBinding.bind(insert, values);
            insert.executeUpdate();
        }
    }
}
