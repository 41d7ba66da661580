package trough.jdbc.tpch;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The rows of the eight TPC-H tables at a scale factor, after the value domains of the specification (clause
 * 4.2.3), deterministically: the same scale factor gives the same rows. Row counts scale as the spec says
 * (SF × 10,000 suppliers, 200,000 parts with 4 suppliers each, 150,000 customers, 1,500,000 orders of 1 to 7
 * line items); order keys are sparse (8 of every 32); a third of the customers (keys divisible by 3) place no
 * order; dates run from 1992-01-01 to 1998-12-31 and are written as ISO text, the form SQLite's date functions
 * read.
 *
 * <p>One deliberate departure: the spec marks SF × 5 suppliers' comments with "Customer ... Complaints"
 * (and as many with "Customer ... Recommends"), none at all below SF 0.2; here at least two of each, so that
 * Q16's {@code NOT IN} has something to exclude at every scale.
 */
final class TpchGenerator {
    /** Receives each row with the key that decides its segment. */
    interface RowSink {
        void row(String table, long spreadKey, Object... values);
    }

    static final String[] REGIONS = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
    /** Nation names, indexed by nation key, with their region keys beside them. */
    static final String[] NATIONS = {"ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT", "ETHIOPIA", "FRANCE", "GERMANY",
            "INDIA", "INDONESIA", "IRAN", "IRAQ", "JAPAN", "JORDAN", "KENYA", "MOROCCO", "MOZAMBIQUE", "PERU", "CHINA",
            "ROMANIA", "SAUDI ARABIA", "VIETNAM", "RUSSIA", "UNITED KINGDOM", "UNITED STATES"};
    static final int[] NATION_REGIONS = {0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0, 1, 2, 3, 4, 2, 3, 3, 1};
    static final String[] COLOURS = {"almond", "antique", "aquamarine", "azure", "beige", "bisque", "black", "blanched",
            "blue", "blush", "brown", "burlywood", "burnished", "chartreuse", "chiffon", "chocolate", "coral",
            "cornflower", "cornsilk", "cream", "cyan", "dark", "deep", "dim", "dodger", "drab", "firebrick", "floral",
            "forest", "frosted", "gainsboro", "ghost", "goldenrod", "green", "grey", "honeydew", "hot", "indian", "ivory",
            "khaki", "lace", "lavender", "lawn", "lemon", "light", "lime", "linen", "magenta", "maroon", "medium",
            "metallic", "midnight", "mint", "misty", "moccasin", "navajo", "navy", "olive", "orange", "orchid", "pale",
            "papaya", "peach", "peru", "pink", "plum", "powder", "puff", "purple", "red", "rose", "rosy", "royal",
            "saddle", "salmon", "sandy", "seashell", "sienna", "sky", "slate", "smoke", "snow", "spring", "steel", "tan",
            "thistle", "tomato", "turquoise", "violet", "wheat", "white", "yellow"};
    static final String[] TYPE_SIZES = {"STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"};
    static final String[] TYPE_FINISHES = {"ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"};
    static final String[] TYPE_MATERIALS = {"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"};
    static final String[] CONTAINER_SIZES = {"SM", "LG", "MED", "JUMBO", "WRAP"};
    static final String[] CONTAINER_KINDS = {"CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"};
    static final String[] SEGMENTS = {"AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD"};
    static final String[] PRIORITIES = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};
    static final String[] SHIP_INSTRUCTIONS = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
    static final String[] SHIP_MODES = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};

    static final LocalDate START_DATE = LocalDate.of(1992, 1, 1);
    static final LocalDate END_DATE = LocalDate.of(1998, 12, 31);
    /** The spec's CURRENTDATE: line items received by then are returned or accepted, shipped by then are filled. */
    static final LocalDate CURRENT_DATE = LocalDate.of(1995, 6, 17);
    private static final int LAST_ORDER_DAY = (int) (END_DATE.toEpochDay() - START_DATE.toEpochDay()) - 151;
    private static final int CURRENT_DAY = (int) (CURRENT_DATE.toEpochDay() - START_DATE.toEpochDay());

    final long suppliers;
    final long parts;
    final long customers;
    final long orders;
    private final String[] dates;

    TpchGenerator(double scaleFactor) {
        suppliers = Math.round(10_000 * scaleFactor);
        parts = Math.round(200_000 * scaleFactor);
        customers = Math.round(150_000 * scaleFactor);
        orders = Math.round(1_500_000 * scaleFactor);
        if (suppliers < 4) throw new IllegalArgumentException("scale factor " + scaleFactor + " is too small: every part needs 4 suppliers");
        // Days after START_DATE as text, formatted once: a line item has three of them.
        dates = new String[LAST_ORDER_DAY + 121 + 30 + 1];
        for (int day = 0; day < dates.length; day++) dates[day] = START_DATE.plusDays(day).toString();
    }

    void generate(RowSink sink) {
        regionsAndNations(sink, new SplittableRandom(1));
        suppliers(sink, new SplittableRandom(2));
        partsAndSuppliers(sink, new SplittableRandom(3));
        customers(sink, new SplittableRandom(4));
        ordersAndLineItems(sink, new SplittableRandom(5));
    }

    private void regionsAndNations(RowSink sink, SplittableRandom random) {
        for (int r = 0; r < REGIONS.length; r++) sink.row("region", r, (long) r, REGIONS[r], TpchText.comment(random, 31, 115));
        for (int n = 0; n < NATIONS.length; n++) {
            sink.row("nation", n, (long) n, NATIONS[n], (long) NATION_REGIONS[n], TpchText.comment(random, 31, 114));
        }
    }

    private void suppliers(RowSink sink, SplittableRandom random) {
        long marked = Math.max(2, Math.round(suppliers * 5 / 10_000.0));
        Set<Long> complaints = distinctKeys(random, marked, suppliers, Set.of());
        Set<Long> recommends = distinctKeys(random, marked, suppliers, complaints);
        for (long key = 1; key <= suppliers; key++) {
            int nation = random.nextInt(NATIONS.length);
            String comment = TpchText.comment(random, 25, 100);
            if (complaints.contains(key)) comment = TpchText.withPhrase(random, comment, "Customer", "Complaints");
            if (recommends.contains(key)) comment = TpchText.withPhrase(random, comment, "Customer", "Recommends");
            sink.row("supplier", key, key, String.format("Supplier#%09d", key), TpchText.address(random, 10, 40), (long) nation,
                    phone(random, nation), money(random, -99_999, 999_999), comment);
        }
    }

    private void partsAndSuppliers(RowSink sink, SplittableRandom random) {
        for (long key = 1; key <= parts; key++) {
            int manufacturer = 1 + random.nextInt(5);
            sink.row("part", key, key, partName(random), "Manufacturer#" + manufacturer,
                    "Brand#" + manufacturer + (1 + random.nextInt(5)),
                    TpchText.pick(random, TYPE_SIZES) + " " + TpchText.pick(random, TYPE_FINISHES) + " " + TpchText.pick(random, TYPE_MATERIALS),
                    (long) (1 + random.nextInt(50)), TpchText.pick(random, CONTAINER_SIZES) + " " + TpchText.pick(random, CONTAINER_KINDS),
                    retailPriceCents(key) / 100.0, TpchText.comment(random, 5, 22));
            for (int i = 0; i < 4; i++) {
                sink.row("partsupp", key, key, supplierOf(key, i), (long) (1 + random.nextInt(9_999)),
                        money(random, 100, 100_000), TpchText.comment(random, 49, 198));
            }
        }
    }

    private void customers(RowSink sink, SplittableRandom random) {
        for (long key = 1; key <= customers; key++) {
            int nation = random.nextInt(NATIONS.length);
            sink.row("customer", key, key, String.format("Customer#%09d", key), TpchText.address(random, 10, 40), (long) nation,
                    phone(random, nation), money(random, -99_999, 999_999), TpchText.pick(random, SEGMENTS),
                    TpchText.comment(random, 29, 116));
        }
    }

    private void ordersAndLineItems(RowSink sink, SplittableRandom random) {
        long clerks = Math.max(1, Math.round(customers / 150.0));
        Object[][] lines = new Object[7][];
        for (long index = 0; index < orders; index++) {
            long orderKey = index / 8 * 32 + index % 8 + 1;
            long customer;
            do {
                customer = 1 + random.nextLong(customers);
            } while (customer % 3 == 0);
            int orderDay = random.nextInt(LAST_ORDER_DAY + 1);
            int lineCount = 1 + random.nextInt(7);
            long totalCents = 0;
            int filled = 0;
            for (int line = 0; line < lineCount; line++) {
                long part = 1 + random.nextLong(parts);
                long supplier = supplierOf(part, random.nextInt(4));
                long quantity = 1 + random.nextInt(50);
                long extendedCents = quantity * retailPriceCents(part);
                long discount = random.nextInt(11);
                long tax = random.nextInt(9);
                int shipDay = orderDay + 1 + random.nextInt(121);
                int commitDay = orderDay + 30 + random.nextInt(61);
                int receiptDay = shipDay + 1 + random.nextInt(30);
                String returnFlag = receiptDay <= CURRENT_DAY ? (random.nextBoolean() ? "R" : "A") : "N";
                String lineStatus = shipDay > CURRENT_DAY ? "O" : "F";
                if (lineStatus.equals("F")) filled++;
                totalCents += Math.round(extendedCents * (100 + tax) * (100 - discount) / 10_000.0);
                lines[line] = new Object[] {orderKey, part, supplier, (long) (line + 1), (double) quantity, extendedCents / 100.0,
                        discount / 100.0, tax / 100.0, returnFlag, lineStatus, dates[shipDay], dates[commitDay], dates[receiptDay],
                        TpchText.pick(random, SHIP_INSTRUCTIONS), TpchText.pick(random, SHIP_MODES), TpchText.comment(random, 10, 43)};
            }
            String status = filled == lineCount ? "F" : filled == 0 ? "O" : "P";
            sink.row("orders", orderKey, orderKey, customer, status, totalCents / 100.0, dates[orderDay], TpchText.pick(random, PRIORITIES),
                    String.format("Clerk#%09d", 1 + random.nextLong(clerks)), 0L, TpchText.comment(random, 19, 78));
            for (int line = 0; line < lineCount; line++) sink.row("lineitem", orderKey, lines[line]);
        }
    }

    /** The i-th (0 to 3) supplier of a part, by the spec's formula: spread so every supplier serves parts. */
    long supplierOf(long part, int i) {
        return (part + i * (suppliers / 4 + (part - 1) / suppliers)) % suppliers + 1;
    }

    static long retailPriceCents(long part) {
        return 90_000 + (part / 10) % 20_001 + 100 * (part % 1_000);
    }

    /** Five distinct colour words. */
    private static String partName(SplittableRandom random) {
        String[] words = new String[5];
        for (int i = 0; i < words.length; i++) {
            String word;
            boolean taken;
            do {
                word = TpchText.pick(random, COLOURS);
                taken = false;
                for (int j = 0; j < i; j++) taken |= words[j].equals(word);
            } while (taken);
            words[i] = word;
        }
        return String.join(" ", words);
    }

    /** Country code (nation key + 10), then three random local groups: "13-123-456-7890". */
    private static String phone(SplittableRandom random, int nation) {
        return (nation + 10) + "-" + (100 + random.nextInt(900)) + "-" + (100 + random.nextInt(900)) + "-" + (1000 + random.nextInt(9000));
    }

    /** A random amount between the two bounds in cents, in units. */
    private static double money(SplittableRandom random, long minCents, long maxCents) {
        return (minCents + random.nextLong(maxCents - minCents + 1)) / 100.0;
    }

    private static Set<Long> distinctKeys(SplittableRandom random, long count, long max, Set<Long> excluded) {
        Set<Long> keys = new HashSet<>();
        while (keys.size() < count) {
            long key = 1 + random.nextLong(max);
            if (!excluded.contains(key)) keys.add(key);
        }
        return keys;
    }
}
