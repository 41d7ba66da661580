package trough.calcite.prepare;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.sql.validate.SqlConformance;
import trough.calcite.exec.TroughQuery;
import trough.calcite.schema.ConnectionCatalog;

/**
 * The query plans of one driver, shared by all its connections. Preparing a statement costs Calcite's
 * parse, validation, planning and compilation (tens of milliseconds); a query whose text was prepared
 * before, over schemas of the same {@linkplain ConnectionCatalog#version catalog version}, reuses that
 * plan. A kept plan holds nothing of the connection that made it: its fan-outs list their segments, and
 * find where they run, each time they run ({@link trough.calcite.exec.FanOut}).
 *
 * <p>Only queries are kept (SELECT, WITH, VALUES), and only plans whose every value is one Trough or
 * Calcite knows to be free of any connection; EXPLAIN is not kept (it shows the segments of the moment).
 * Calcite's signature still names the schemas it was prepared over (it offers no way to drop them), so a
 * kept plan keeps its first connection's schema objects reachable: sources drop their segment lists when
 * their connection closes, which leaves little.
 */
public final class PlanCache implements PlanCacheMXBean {
    /** How a query begins, after blanks and comments. */
    private static final Pattern QUERY_START = Pattern.compile("(?is)(\\s|--[^\\n]*(\\n|$)|/\\*.*?\\*/)*(select|with|values|\\()");

    /** What decides a plan: the text, where its names resolve, what the rows are read as, and the schemas. */
    record Key(String sql, List<String> defaultSchemaPath, Type elementType, long maxRowCount, List<Object> catalog) {
        /** The key of another text in the same setting. */
        Key of(String otherSql) {
            return new Key(otherSql, defaultSchemaPath, elementType, maxRowCount, catalog);
        }
    }

    /** What is known of a template ({@link LiteralTemplate}) that has no plan kept. */
    private enum TemplateState {
        /** One text of it was seen, and planned as written. */
        SEEN,
        /** Calcite could not plan its text, or planned it unfit to reuse. */
        REFUSED
    }

    private final long maximumSize;
    private final Cache<Key, CalcitePrepare.CalciteSignature<?>> plans;
    private final Cache<Key, TemplateState> templates;
    /** Statements given a kept plan, and statements planned; a text served by its template's plan is a hit. */
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final PlanningInProgress planning = new PlanningInProgress();

    public PlanCache(long maximumSize) {
        this.maximumSize = maximumSize;
        this.plans = CacheBuilder.newBuilder().maximumSize(maximumSize).recordStats().build();
        this.templates = CacheBuilder.newBuilder().maximumSize(maximumSize).build();
    }

    /** The key of a query's plan, or null when the statement is not a query (its plan is never kept). */
    static Key key(CalcitePrepare.Context context, String sql, Type elementType, long maxRowCount) {
        if (!QUERY_START.matcher(sql).lookingAt()) return null;
        return new Key(sql, List.copyOf(context.getDefaultSchemaPath()), elementType, maxRowCount, ConnectionCatalog.version(context.getRootSchema()));
    }

    /** The plan kept under {@code key}, for a connection whose schemas are {@code root}; null when none is kept. */
    @SuppressWarnings("unchecked")
    <T> CalcitePrepare.CalciteSignature<T> find(Key key, CalciteSchema root) {
        CalcitePrepare.CalciteSignature<T> plan = (CalcitePrepare.CalciteSignature<T>) plans.getIfPresent(key);
        return plan == null ? null : forConnection(plan, root);
    }

    /** Counts a statement served by a kept plan, and answers that plan. */
    <T> CalcitePrepare.CalciteSignature<T> hit(CalcitePrepare.CalciteSignature<T> plan) {
        hits.increment();
        return plan;
    }

    /** Counts a statement that was planned, and answers its plan. */
    <T> CalcitePrepare.CalciteSignature<T> miss(CalcitePrepare.CalciteSignature<T> plan) {
        misses.increment();
        return plan;
    }

    /**
     * A claim on planning {@code key}, given when no other statement of this driver plans it, or once that one
     * is done ({@link PlanningInProgress}); the caller then looks for the plan again before planning it.
     */
    PlanningInProgress.Claim claim(Key key) {
        return planning.claim(key);
    }

    /**
     * Whether a template is worth planning for a text of it: once a second text of the same template comes.
     * Planning a template costs as much as planning its text, and may fail or give a plan its text cannot
     * use (then the text is planned too), so a query seen once (an analyst's, a random one) is planned once,
     * as written; a query repeated with other values (an application's) shares one plan from its second text on.
     */
    boolean worthPlanning(Key template) {
        TemplateState state = templates.asMap().putIfAbsent(template, TemplateState.SEEN);
        return state == TemplateState.SEEN;
    }

    /** Remembers that a template is planned no better than its texts, so that its texts are planned as written. */
    void refuse(Key template) {
        templates.put(template, TemplateState.REFUSED);
    }

    /** Keeps the plan when it can serve other connections. */
    void keep(Key key, CalcitePrepare.CalciteSignature<?> plan) {
        if (plan.statementType == Meta.StatementType.SELECT && plan.internalParameters.values().stream().allMatch(PlanCache::connectionFree)) {
            plans.put(key, plan);
        }
    }

    /**
     * The values a plan's generated code reads: Trough's queries, and what Calcite adds to every plan. Any
     * other (Calcite's interpreter keeps a whole relational tree, with its tables) keeps the plan out.
     */
    private static boolean connectionFree(Object value) {
        return value instanceof TroughQuery || value instanceof SqlConformance;
    }

    /**
     * The plan as the connection of {@code root} runs it: its rows are read in that connection's schemas
     * (the generated code looks tables up through the data context that the signature's root gives).
     */
    private static <T> CalcitePrepare.CalciteSignature<T> forConnection(CalcitePrepare.CalciteSignature<T> plan, CalciteSchema root) {
        Bindable<T> rows = plan::enumerable; // applies the plan's own row limit
        return new CalcitePrepare.CalciteSignature<>(plan.sql, plan.parameters, plan.internalParameters, plan.rowType, plan.columns,
                plan.cursorFactory, root, plan.getCollationList(), -1, rows, plan.statementType);
    }

    @Override
    public long getHitCount() {
        return hits.sum();
    }

    @Override
    public long getMissCount() {
        return misses.sum();
    }

    @Override
    public double getHitRate() {
        long hit = hits.sum();
        long all = hit + misses.sum();
        return all == 0 ? 1.0 : (double) hit / all;
    }

    @Override
    public long getEvictionCount() {
        return plans.stats().evictionCount();
    }

    @Override
    public long getSize() {
        return plans.size();
    }

    @Override
    public long getMaximumSize() {
        return maximumSize;
    }
}
