package trough.jdbc.oracle;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Small tables beside {@link OracleDataSet}'s t and u, spread over the same segments: three in the style of
 * sqllogictest's {@code tab0(col0 INTEGER, col1 INTEGER, col2 INTEGER)}, one per storage class (INTEGER,
 * REAL, TEXT), each with a key {@code pk} unique over all segments so that an ORDER BY on it is a total
 * order; a crawl log as the users of a SQL client query it; and a small TPC-H lineitem.
 */
final class SmallTables {
    static final String TAB0 = "CREATE TABLE tab0 (pk INTEGER, col0 INTEGER, col1 INTEGER, col2 INTEGER)";
    static final String TAB1 = "CREATE TABLE tab1 (pk INTEGER, col0 REAL, col1 REAL, col2 REAL)";
    static final String TAB2 = "CREATE TABLE tab2 (pk INTEGER, col0 TEXT, col1 TEXT, col2 TEXT)";
    static final String LINEITEM = "CREATE TABLE lineitem (l_orderkey INTEGER, l_suppkey INTEGER, l_extendedprice REAL, "
            + "l_discount REAL, l_quantity INTEGER, l_shipdate TEXT)";
    static final String CRAWL_LOG = "CREATE TABLE crawl_log (url TEXT, host TEXT, size INTEGER, duration REAL, fetched TEXT)";

    /** Texts that convert to numbers, partly or not at all, and differ only in case or by spaces. */
    private static final String[] TEXTS = {"a", "b", "B", "Ab", "abc", "12", "3.5", " 7 ", "-4", "é", "", "x y", "10", "9"};
    private static final String[] HOSTS = {"example.com", " example.com ", "archive.org", "日本.jp", "a.b.c.example.net"};

    private SmallTables() {}

    /** tab0, tab1 and tab2 with {@code rows} rows each. */
    static void addLogicTables(OracleDataSet data, int rows, long seed) throws SQLException {
        Random random = new Random(seed);
        data.addTable(TAB0, rows(rows, 0, () -> random.nextInt(10) == 0 ? null : (long) random.nextInt(120) - 20), random);
        // Multiples of 1/4: sums are exact in any order, so merged sums equal SQLite's to the last bit.
        data.addTable(TAB1, rows(rows, 1000, () -> random.nextInt(10) == 0 ? null : (random.nextInt(400) - 80) / 4.0), random);
        data.addTable(TAB2, rows(rows, 2000, () -> random.nextInt(10) == 0 ? null : TEXTS[random.nextInt(TEXTS.length)]), random);
    }

    /** A crawl log: URLs longer than 20 characters, hosts with spaces, sizes past a float's 24 bits, dates as text. */
    static void addCrawlLog(OracleDataSet data, int rows, long seed) throws SQLException {
        Random random = new Random(seed);
        List<List<Object>> log = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            String host = HOSTS[random.nextInt(HOSTS.length)];
            log.add(Arrays.asList("https://" + host.trim() + "/page/" + random.nextInt(1000) + "?q=" + i, host,
                    random.nextInt(15) == 0 ? null : (long) random.nextInt(50_000_000),
                    random.nextInt(1_000_000_000) / 1024.0 + 0.1,
                    String.format("2024-%02d-%02d %02d:%02d:00", 1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60))));
        }
        data.addTable(CRAWL_LOG, log, random);
    }

    /**
     * TPC-H's lineitem, reduced to the columns its Q6 and Q15 read: discounts of whole hundredths (0.07 is
     * where exact decimal bounds and SQLite's floating point part), prices in quarters, dates as text.
     */
    static void addLineitem(OracleDataSet data, int rows, long seed) throws SQLException {
        Random random = new Random(seed);
        List<List<Object>> items = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            items.add(Arrays.asList((long) (1 + i / 4), (long) (1 + random.nextInt(10)), (1 + random.nextInt(40_000)) / 4.0,
                    random.nextInt(11) / 100.0, (long) (1 + random.nextInt(50)),
                    String.format("%d-%02d-%02d", 1993 + random.nextInt(3), 1 + random.nextInt(12), 1 + random.nextInt(28))));
        }
        data.addTable(LINEITEM, items, random);
    }

    private static List<List<Object>> rows(int count, long firstKey, java.util.function.Supplier<Object> value) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) rows.add(Arrays.asList(firstKey + i, value.get(), value.get(), value.get()));
        return rows;
    }
}
