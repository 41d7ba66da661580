package trough.calcite.prepare;

import com.google.common.base.Throwables;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.plan.RelOptCostFactory;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import trough.calcite.rules.TroughRules;
import trough.calcite.scratch.ScratchPreparation;
import trough.calcite.sql.SqliteFunctions;
import trough.core.client.TroughQueryException;

/**
 * Calcite's statement preparation with Trough's changes: the validator that hides {@code _segment} from
 * {@code *}, a planner with Trough's rules ({@link TroughRules#register}), and the driver's {@link PlanCache}.
 */
public final class TroughPrepare extends CalcitePrepareImpl {
    /**
     * The validators Calcite made for the statement it prepares (one TroughPrepare prepares one statement;
     * Calcite may validate it more than once).
     */
    private final List<TroughSqlValidator> calciteValidators = new ArrayList<>();
    private final PlanCache plans;

    /** @param plans the driver's plans, which this preparation reuses and adds to */
    public TroughPrepare(PlanCache plans) {
        this.plans = plans;
    }

    @Override
    protected RelOptPlanner createPlanner(Context prepareContext, org.apache.calcite.plan.Context externalContext,
                                          RelOptCostFactory costFactory) {
        RelOptPlanner planner = super.createPlanner(prepareContext, externalContext, costFactory);
        TroughRules.register(planner);
        return planner;
    }

    /**
     * Queries that Calcite's planner does not split into fragments and a merge run on the client's SQLite
     * ({@link ScratchPreparation}); the rest, and every other statement, are Calcite's.
     */
    @Override
    public <T> CalciteSignature<T> prepareSql(Context context, Query<T> query, Type elementType, long maxRowCount) {
        if (query.sql == null) return super.prepareSql(context, query, elementType, maxRowCount);
        PlanCache.Key key = PlanCache.key(context, query.sql, elementType, maxRowCount);
        if (key == null) return prepareText(context, query, elementType, maxRowCount);
        CalciteSignature<T> kept = plans.find(key, context.getRootSchema());
        if (kept != null) return plans.hit(kept);
        try (PlanningInProgress.Claim claim = plans.claim(key)) {
            // Looked for again: another statement may have kept the plan since, with or without a wait.
            kept = plans.find(key, context.getRootSchema());
            if (kept != null) return plans.hit(kept);
            return plan(context, query, key, elementType, maxRowCount);
        }
    }

    /** A query's plan, made now: its template's when that serves it, else its own; kept when it can be. */
    private <T> CalciteSignature<T> plan(Context context, Query<T> query, PlanCache.Key key, Type elementType, long maxRowCount) {
        LiteralTemplate template = LiteralTemplate.of(query.sql);
        if (template != null) {
            PlanCache.Key templateKey = key.of(template.text());
            CalciteSignature<T> shared = plans.find(templateKey, context.getRootSchema());
            boolean plannedNow = shared == null;
            if (plannedNow) shared = templatePlan(context, templateKey, template, elementType, maxRowCount);
            CalciteSignature<T> bound = shared == null ? null : LiteralValues.bind(query.sql, template, shared);
            if (bound != null) return plannedNow ? plans.miss(bound) : plans.hit(bound);
        }
        CalciteSignature<T> plan = prepareText(context, query, elementType, maxRowCount);
        plans.keep(key, plan);
        return plans.miss(plan);
    }

    /**
     * The plan of a query's {@link LiteralTemplate} made now and kept; null when it is not worth planning yet
     * ({@link PlanCache#worthPlanning}), Calcite cannot plan it, or its plan differs from the text's in what
     * the application sees (a column named after a literal).
     */
    private <T> CalciteSignature<T> templatePlan(Context context, PlanCache.Key key, LiteralTemplate template, Type elementType, long maxRowCount) {
        if (!plans.worthPlanning(key)) return null;
        CalciteSignature<T> plan;
        try {
            plan = prepareText(context, Query.of(template.text()), elementType, maxRowCount);
        } catch (RuntimeException e) {
            // A segment list or a worker that cannot be reached fails the text as it fails the template.
            if (Throwables.getCausalChain(e).stream().anyMatch(TroughQueryException.class::isInstance)) throw e;
            plans.refuse(key); // Calcite cannot plan it: the text is planned next, and fails with its own error if it does
            return null;
        }
        if (plan.columns.stream().anyMatch(column -> column.label != null && column.label.contains("?"))) {
            plans.refuse(key);
            return null;
        }
        plans.keep(key, plan);
        return plan;
    }

    private <T> CalciteSignature<T> prepareText(Context context, Query<T> query, Type elementType, long maxRowCount) {
        calciteValidators.clear(); // what the validators saw of an earlier text must not decide this one
        CalciteCatalogReader catalogReader = new CalciteCatalogReader(context.getRootSchema(), context.getDefaultSchemaPath(),
                context.getTypeFactory(), context.config());
        ScratchPreparation scratch = new ScratchPreparation(context, parserConfig(context.config()),
                () -> validator(context, catalogReader, UnaryOperator.identity()),
                () -> calciteValidators.stream().anyMatch(TroughSqlValidator::castTextAndNumbers));
        return scratch.prepare(query.sql, maxRowCount, sql -> super.prepareSql(context, Query.of(sql), elementType, maxRowCount));
    }

    /** The parser as Calcite sets it up for a statement of this connection. */
    private SqlParser.Config parserConfig(CalciteConnectionConfig config) {
        SqlParser.Config parser = parserConfig()
                .withQuotedCasing(config.quotedCasing())
                .withUnquotedCasing(config.unquotedCasing())
                .withQuoting(config.quoting())
                .withConformance(config.conformance())
                .withCaseSensitive(config.caseSensitive());
        SqlParserImplFactory factory = config.parserFactory(SqlParserImplFactory.class, null);
        return factory == null ? parser : parser.withParserFactory(factory);
    }

    @Override
    protected CalcitePreparingStmt getPreparingStmt(Context context, Type elementType, CalciteCatalogReader catalogReader,
                                                    RelOptPlanner planner) {
        EnumerableRel.Prefer prefer = elementType == Object[].class ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM;
        return new CalcitePreparingStmt(this, context, catalogReader, context.getTypeFactory(), context.getRootSchema(), prefer,
                createCluster(planner, new RexBuilder(context.getTypeFactory())), EnumerableConvention.INSTANCE,
                createConvertletTable()) {
            @Override
            protected SqlValidator createSqlValidator(Prepare.CatalogReader reader, UnaryOperator<SqlValidator.Config> configTransform) {
                TroughSqlValidator validator = validator(context, (CalciteCatalogReader) reader, configTransform);
                calciteValidators.add(validator);
                return validator;
            }
        };
    }

    private static TroughSqlValidator validator(Context context, CalciteCatalogReader catalogReader,
                                          UnaryOperator<SqlValidator.Config> configTransform) {
        CalciteConnectionConfig config = context.config();
        List<SqlOperatorTable> tables = new ArrayList<>();
        // SQLite's functions first: where Calcite has one of the same name (TYPEOF, for its VARIANT type), the
        // validator must pick SQLite's, which is the one the segments run.
        tables.add(SqliteFunctions.TABLE);
        tables.add(config.fun(SqlOperatorTable.class, SqlStdOperatorTable.instance()));
        tables.add(catalogReader);
        SqlValidator.Config validatorConfig = configTransform.apply(SqlValidator.Config.DEFAULT
                .withLenientOperatorLookup(config.lenientOperatorLookup())
                .withConformance(config.conformance())
                .withDefaultNullCollation(config.defaultNullCollation())
                .withIdentifierExpansion(true)
                .withTypeCoercionFactory(SqliteTypeCoercion::new));
        return new TroughSqlValidator(SqlOperatorTables.chain(tables), catalogReader, context.getTypeFactory(), validatorConfig);
    }
}
