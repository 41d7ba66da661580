package trough.tools.bench;

import java.util.List;
import java.util.function.UnaryOperator;
import trough.core.segment.SegmentId;
import trough.core.sqlite.SqlScript;

/**
 * One benchmark query as each engine runs it: through Trough (with {@code _segment}), on the single SQLite
 * file (with {@code crawl_job_id} for {@code _segment}), and as the ideal fan-out's fragment on each of its
 * segments followed by a merge of the fragments' rows.
 *
 * @param merge     the ideal fan-out's merge over all fragments' rows, or null when rows pass through
 * @param ordered   the query fixes the order of its rows
 * @param digest    the answer is too big to keep: compare row count and digest
 * @param freshText each run sends a text never sent before (a new comment in front), so that no plan is reused
 * @param values    when not empty, each run puts the next of these, as a literal, for {@value #VALUE} in its texts
 */
record BenchQuery(String name, String what, String troughSql, String singleSql, List<SegmentId> segments, String fragmentSql,
                  UnaryOperator<List<Object[]>> merge, boolean ordered, boolean digest, boolean freshText, List<String> values) {
    static final String VALUE = "{value}";

    BenchQuery(String name, String what, String troughSql, String singleSql, List<SegmentId> segments, String fragmentSql,
               UnaryOperator<List<Object[]>> merge, boolean ordered, boolean digest) {
        this(name, what, troughSql, singleSql, segments, fragmentSql, merge, ordered, digest, false, List.of());
    }

    /** This query under another name, each run a text never seen. */
    BenchQuery withFreshText(String otherName, String otherWhat) {
        return new BenchQuery(otherName, otherWhat, troughSql, singleSql, segments, fragmentSql, merge, ordered, digest, true, values);
    }

    /** This query with {@value #VALUE} in its texts standing for each of {@code runValues} in turn, run after run. */
    BenchQuery withValues(String otherName, String otherWhat, List<String> runValues) {
        return new BenchQuery(otherName, otherWhat, troughSql, singleSql, segments, fragmentSql, merge, ordered, digest, freshText, runValues);
    }

    /** One of this query's texts as an engine sends it on its {@code run}-th run of the query (every engine counts its own). */
    String text(String sql, int run) {
        String text = values.isEmpty() ? sql : sql.replace(VALUE, SqlScript.quoteLiteral(values.get(run % values.size())));
        return freshText ? "/* text " + run + " */ " + text : text;
    }
}
