package trough.calcite.scratch;

import java.util.Locale;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Whether a condition may run on the segments as well as on the client: it gives the same answer for a row
 * wherever it runs. That excludes subqueries (they read other rows), aggregates and window functions, and
 * what depends on when or where it runs: random values, the clock, the machine's time zone.
 */
final class PushableCondition {
    private static final Set<SqlKind> QUERIES = Set.of(SqlKind.SELECT, SqlKind.UNION, SqlKind.INTERSECT, SqlKind.EXCEPT,
            SqlKind.ORDER_BY, SqlKind.WITH, SqlKind.VALUES, SqlKind.EXISTS, SqlKind.SCALAR_QUERY, SqlKind.ARRAY_QUERY_CONSTRUCTOR,
            SqlKind.MAP_QUERY_CONSTRUCTOR, SqlKind.MULTISET_QUERY_CONSTRUCTOR, SqlKind.OVER, SqlKind.WINDOW);
    private static final Set<String> VOLATILE = Set.of("RANDOM", "RANDOMBLOB", "CHANGES", "TOTAL_CHANGES", "LAST_INSERT_ROWID",
            "CURRENT_DATE", "CURRENT_TIME", "CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP", "NOW", "SQLITE_VERSION",
            "SQLITE_SOURCE_ID", "TROUGH_SEGMENT");
    /** Arguments of SQLite's date functions that read the clock or the machine's time zone. */
    private static final Set<String> CLOCK_WORDS = Set.of("now", "localtime", "utc");

    private PushableCondition() {}

    static boolean test(SqlNode condition) {
        try {
            condition.accept(new SqlBasicVisitor<Void>() {
                @Override
                public Void visit(SqlCall call) {
                    if (QUERIES.contains(call.getKind()) || call.getOperator().isAggregator()
                            || VOLATILE.contains(call.getOperator().getName().toUpperCase(Locale.ROOT))) {
                        throw Refused.INSTANCE;
                    }
                    return super.visit(call);
                }

                @Override
                public Void visit(SqlLiteral literal) {
                    if (literal instanceof SqlCharStringLiteral text
                            && CLOCK_WORDS.contains(text.getValueAs(String.class).strip().toLowerCase(Locale.ROOT))) {
                        throw Refused.INSTANCE;
                    }
                    return null;
                }
            });
            return true;
        } catch (Refused e) {
            return false;
        }
    }

    /** Ends the walk at the first part that cannot be pushed. */
    private static final class Refused extends RuntimeException {
        static final Refused INSTANCE = new Refused();

        private Refused() {
            super(null, null, false, false);
        }
    }
}
