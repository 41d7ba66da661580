package trough.calcite.scratch;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.apache.calcite.util.Holder;
import trough.calcite.exec.QuerySettings;
import trough.calcite.exec.RenderedSql;
import trough.calcite.exec.ScratchTable;
import trough.calcite.exec.TableShape;
import trough.calcite.exec.ValueCoercion;
import trough.calcite.rel.TroughToEnumerableConverter;
import trough.calcite.schema.DeclaredType;
import trough.calcite.schema.TroughTable;
import trough.calcite.sql.ReservedNames;
import trough.core.client.TroughQueryException;
import trough.core.sqlite.CompiledStatement;

/**
 * Decides how a query runs, and prepares those that SQLite on the client answers. A query of
 * {@link SimpleShape} goes to Calcite's planner (partial aggregates and top-N on the segments) and keeps its
 * plan when all of it runs in the fan-out; any other query over Trough tables, or a simple one Calcite
 * cannot plan whole into the fan-out, becomes a {@link ScratchQuery}: only the
 * rows and columns it can use leave the segments, and SQLite runs the query as written. Its columns are
 * named and typed as sqlite-jdbc names and types them on one database: a table column by its declared
 * type, an expression by none (its values are SQLite's own).
 */
public final class ScratchPreparation {
    /** What precedes the query in Calcite's EXPLAIN: {@code EXPLAIN PLAN [options] FOR}. */
    private static final Pattern EXPLAIN_PREFIX = Pattern.compile("(?is)^\\s*explain\\s+plan\\b.*?\\bfor\\s+");

    /** How a query begins, after blanks and comments: the statements the client's SQLite runs unparsed. */
    private static final Pattern QUERY_START = Pattern.compile("(?is)(\\s|--[^\\n]*\\n|/\\*.*?\\*/)*(select|with|values)\\b");

    private final CalcitePrepare.Context context;
    private final SqlParser.Config parserConfig;
    private final Supplier<SqlValidator> validators;
    private final BooleanSupplier calciteCastTextAndNumbers;

    /**
     * @param validators                a new validator for each statement
     * @param calciteCastTextAndNumbers whether Calcite's validator, in the last statement Calcite prepared, cast
     *                                  between text and numbers, where SQLite converts by its own rules
     */
    public ScratchPreparation(CalcitePrepare.Context context, SqlParser.Config parserConfig, Supplier<SqlValidator> validators,
                              BooleanSupplier calciteCastTextAndNumbers) {
        this.context = context;
        this.parserConfig = parserConfig;
        this.validators = validators;
        this.calciteCastTextAndNumbers = calciteCastTextAndNumbers;
    }

    /** The signature of {@code sql}: Calcite's ({@code calcite}) or one that runs on the client's SQLite. */
    public <T> CalcitePrepare.CalciteSignature<T> prepare(String sql, long maxRowCount, Function<String, CalcitePrepare.CalciteSignature<T>> calcite) {
        if (EmptyInList.in(sql)) {
            ScratchQuery query = unparsed(sql);
            if (query != null) return signature(sql, query, false, maxRowCount);
        }
        SqlNode parsed;
        try {
            parsed = parse(sql);
        } catch (SqlParseException e) {
            ScratchQuery query = unparsed(sql);
            if (query != null) return signature(sql, query, false, maxRowCount);
            // An INSERT, UPDATE or DELETE naming a column with a word Calcite reserves (date, rows, ...).
            String quoted = ReservedNames.quoted(sql);
            return quoted != null && parses(quoted) ? calcite.apply(quoted) : calcite.apply(sql);
        }
        boolean explain = parsed.getKind() == SqlKind.EXPLAIN;
        SqlNode statement = explain ? ((SqlExplain) parsed).getExplicandum() : parsed;
        if (!statement.isA(SqlKind.QUERY)) return calcite.apply(sql);
        String querySql = sql;
        if (explain) {
            Matcher prefix = EXPLAIN_PREFIX.matcher(sql);
            if (!prefix.find()) return calcite.apply(sql);
            querySql = sql.substring(prefix.end());
            try {
                statement = parse(querySql);
            } catch (SqlParseException e) {
                return calcite.apply(sql);
            }
        }
        QueryTables tables = QueryTables.of(statement, new SchemaTables(context));
        if (tables.readsOtherTables()) return calcite.apply(sql);
        RuntimeException calciteFailure = null;
        if (tables.references().isEmpty()) {
            // No table (SELECT julianday('2020-01-01')): Calcite's, unless it cannot answer and SQLite can.
            try {
                return calcite.apply(sql);
            } catch (RuntimeException e) {
                if (new SchemaTables(context).all().isEmpty()) throw e;
                calciteFailure = e;
            }
        }
        SourceText text = new SourceText(querySql, parserConfig);
        if (calciteFailure == null && SimpleShape.test(statement, text)) {
            ScratchQuery onOneSegment = onTheSegmentItNames(text, statement, tables);
            if (onOneSegment != null) return signature(sql, onOneSegment, explain, maxRowCount);
            AtomicReference<RelNode> plan = new AtomicReference<>();
            // EXPLAIN of the physical plan is planned once, as Calcite explains it, with the plan caught as the
            // planner's program ends: Calcite compiles no code for it (so a failure only the compiling would meet,
            // which a plan run whole in the fan-out does not have, is not seen). Other statements are caught just
            // before Calcite compiles them; another depth of EXPLAIN is judged by the physical plan of its query.
            boolean physicalExplain = explain && ((SqlExplain) parsed).getDepth() == SqlExplain.Depth.PHYSICAL;
            try (Hook.Closeable ignored = physicalExplain
                    ? Hook.PROGRAM.addThread((Holder<Program> program) -> program.set(caught(program.get(), plan)))
                    : Hook.PLAN_BEFORE_IMPLEMENTATION.addThread((RelRoot root) -> plan.set(root.rel))) {
                CalcitePrepare.CalciteSignature<T> signature = calcite.apply(physicalExplain ? sql : querySql);
                // Calcite's plan is kept only when all of it runs in the fan-out (fragments and SQLite merge):
                // an operator left to Calcite's own runtime would compute with Java's semantics, not SQLite's;
                // and only without casts Calcite added between text and numbers, which SQLite does not make.
                if (pushedWhole(plan.get()) && !calciteCastTextAndNumbers.getAsBoolean()) {
                    return explain && !physicalExplain ? calcite.apply(sql) : signature;
                }
            } catch (RuntimeException e) {
                calciteFailure = e;
            } catch (AssertionError e) {
                // Calcite's planner asserts where it meets what it cannot handle; SQLite may still answer.
                calciteFailure = new IllegalStateException(e.getMessage(), e);
            }
        }
        return signature(sql, plan(text, statement, tables, calciteFailure), explain, maxRowCount);
    }

    /**
     * The statement as one read of the one segment it names ({@code WHERE _segment = 'x'}, or {@code = ?}), when
     * a segment runs it as the client would: SQLite then answers it whole, as on one database, and Calcite's
     * planner has nothing to split. Null otherwise.
     */
    private ScratchQuery onTheSegmentItNames(SourceText text, SqlNode statement, QueryTables tables) {
        SegmentNames names = SegmentNames.of(tables.references());
        if (names == null || !names.pinsOne()) return null;
        ScratchQuery query = plan(text, statement, tables, null);
        return query.pinned() != null && query.pinned().checked() != null ? query : null;
    }

    /** The program Calcite would run ({@code set}, or its standard one), which also hands {@code plan} the plan it makes. */
    private static Program caught(Program set, AtomicReference<RelNode> plan) {
        Program program = set != null ? set : Programs.standard();
        return (planner, rel, traits, materializations, lattices) -> {
            RelNode best = program.run(planner, rel, traits, materializations, lattices);
            plan.set(best);
            return best;
        };
    }

    /**
     * Whether all of the plan runs in the fan-out: its fragments and SQLite merge, with at most a LIMIT
     * (which has no semantics to differ) and a choice of columns above.
     */
    private static boolean pushedWhole(RelNode plan) {
        RelNode node = plan;
        while (node != null && !(node instanceof TroughToEnumerableConverter)) {
            if (node instanceof EnumerableLimit) {
                node = node.getInput(0);
            } else if (node instanceof Calc calc && calc.getProgram().getCondition() == null
                    && calc.getProgram().getProjectList().stream().allMatch(ref -> calc.getProgram().expandLocalRef(ref) instanceof RexInputRef)) {
                node = calc.getInput();
            } else {
                return false;
            }
        }
        return node != null;
    }

    private <T> CalcitePrepare.CalciteSignature<T> signature(String sql, ScratchQuery query, boolean explain, long maxRowCount) {
        JavaTypeFactory types = context.getTypeFactory();
        if (explain) {
            RelDataType planRow = types.builder().add("PLAN", SqlTypeName.VARCHAR).build();
            Bindable<T> bindable = data -> castRows(Linq4j.singletonEnumerable(query.explain(data)));
            return new CalcitePrepare.CalciteSignature<>(sql, List.of(), Map.of(), planRow, ResultColumns.columns(types, planRow),
                    Meta.CursorFactory.OBJECT, context.getRootSchema(), List.of(), -1, bindable, Meta.StatementType.SELECT);
        }
        Bindable<T> bindable = data -> {
            Enumerable<Object> rows = query.enumerable(data);
            return castRows(maxRowCount > 0 ? rows.take((int) Math.min(Integer.MAX_VALUE, maxRowCount)) : rows);
        };
        return new CalcitePrepare.CalciteSignature<>(sql, ResultColumns.parameters(query.parameterRow()), Map.of(), query.rowType(),
                ResultColumns.columns(types, query.rowType()), Meta.CursorFactory.deduce(ResultColumns.columns(types, query.rowType()), null),
                context.getRootSchema(), List.of(), maxRowCount, bindable, Meta.StatementType.SELECT);
    }

    @SuppressWarnings("unchecked")
    private static <T> Enumerable<T> castRows(Enumerable<?> rows) {
        return (Enumerable<T>) rows;
    }

    private boolean parses(String sql) {
        try {
            parse(sql);
            return true;
        } catch (SqlParseException e) {
            return false;
        }
    }

    private SqlNode parse(String sql) throws SqlParseException {
        return SqlParser.create(sql, parserConfig).parseStmt();
    }

    private ScratchQuery plan(SourceText text, SqlNode statement, QueryTables tables, RuntimeException calciteFailure) {
        String sql = text.sql();
        Validation validation = new Validation(statement, calciteFailure);
        // The parameters' types come from the validator; a statement without parameters needs it only when
        // SQLite refuses the statement as written.
        Map<Integer, SqlTypeName> dateTimeParameters = new LinkedHashMap<>();
        RelDataType validatedParameters = DynamicParameters.any(statement) ? validation.parameters() : null;
        if (validatedParameters != null) {
            for (RelDataTypeField field : validatedParameters.getFieldList()) {
                SqlTypeName type = field.getType().getSqlTypeName();
                if (type == SqlTypeName.DATE || type == SqlTypeName.TIME || type == SqlTypeName.TIMESTAMP) dateTimeParameters.put(field.getIndex(), type);
            }
        }
        Map<String, List<TableReference>> byTable = new LinkedHashMap<>();
        for (TableReference reference : tables.references()) {
            byTable.computeIfAbsent(reference.table.key(), k -> new ArrayList<>()).add(reference);
        }
        List<TableFetch> fetches = new ArrayList<>();
        for (List<TableReference> references : byTable.values()) {
            fetches.add(TableFetch.of(references.get(0).table, references, tables, text, dateTimeParameters));
        }
        String clientSql = tables.mentionsSegmentColumn() ? StarExpansion.withoutHiddenColumn(sql, tables, text) : sql;
        // Calcite's syntax SQLite lacks (DATE '...', FETCH NEXT ? ROWS) is rewritten only for a statement the
        // validator accepted: its names are then all real, and SQLite cannot read a quoted unknown name as a string.
        Supplier<String> sqliteSql = () -> {
            if (validation.failure() != null) throw validation.failure();
            return SqliteRendering.of(statement);
        };
        return scratchQuery(clientSql, sqliteSql, fetches, List.of(), PinnedStatement.of(text, tables), tables.mentionsSegmentColumn(),
                !tables.combinesSelects(), validatedParameters, dateTimeParameters, validation::failure);
    }

    /**
     * Calcite's validation of a statement SQLite runs, done once and only when asked for: what types its
     * parameters have, and why Calcite refuses it (its own planner's failure first).
     */
    private final class Validation {
        private final SqlNode statement;
        private RuntimeException failure;
        private RelDataType parameters;
        private boolean done;

        Validation(SqlNode statement, RuntimeException calciteFailure) {
            this.statement = statement;
            this.failure = calciteFailure;
        }

        RelDataType parameters() {
            validate();
            return parameters;
        }

        RuntimeException failure() {
            validate();
            return failure;
        }

        private void validate() {
            if (done) return;
            done = true;
            try {
                SqlValidator validator = validators.get();
                parameters = validator.getParameterRowType(validator.validate(SqlTreeCopy.of(statement)));
            } catch (RuntimeException | AssertionError e) {
                // Calcite does not understand all SQLite accepts (bare columns in a grouped query, IN ()):
                // SQLite then says what the columns are.
                if (failure == null && e instanceof RuntimeException runtime) failure = runtime;
            }
        }
    }

    /**
     * A statement Calcite's parser does not read (SQLite's own syntax, a word Calcite reserves used as a
     * name): SQLite says which tables it reads, and they come whole. Null when SQLite does not read it as a
     * query over Trough tables either.
     */
    private ScratchQuery unparsed(String sql) {
        // Only a query: SQLite on the client must never attach, vacuum into or otherwise touch a file.
        if (!QUERY_START.matcher(sql).lookingAt()) return null;
        SchemaTables schemas = new SchemaTables(context);
        boolean segmentColumn = sql.toLowerCase(Locale.ROOT).contains(TroughTable.SEGMENT_COLUMN);
        List<TableFetch> everything = schemas.all().stream().map(table -> TableFetch.whole(table, segmentColumn)).toList();
        if (everything.isEmpty()) return null;
        List<CompiledStatement.TableName> read;
        try {
            read = CompileDatabases.with(everything.stream().map(TableFetch::scratch).toList(), defaultSchema(), empty -> empty.tablesRead(sql));
        } catch (SQLException | RuntimeException e) {
            return null;
        }
        if (read == null) return null;
        List<TableFetch> fetches = new ArrayList<>();
        List<ScratchTable> unread = new ArrayList<>();
        for (TableFetch fetch : everything) {
            boolean isRead = read.stream().anyMatch(name -> name.table().equalsIgnoreCase(fetch.table().name())
                    && name.database().equalsIgnoreCase(fetch.table().schema()));
            // A table SQLite's plan does not read (a LEFT JOIN it drops) must still exist for the query to compile.
            if (isRead) fetches.add(fetch);
            else unread.add(fetch.scratch());
        }
        return scratchQuery(sql, null, fetches, unread, null, segmentColumn, false, null, Map.of(), () -> null);
    }

    private String defaultSchema() {
        return context.getDefaultSchemaPath().isEmpty() ? null : context.getDefaultSchemaPath().get(0);
    }

    /**
     * The query over the fetched tables, its columns named and typed by SQLite: by their declared types when
     * {@code declaredTypes} (no column gathers the rows of several selects), else untyped. When SQLite does not read {@code clientSql} (Calcite's own syntax: {@code DATE
     * '...'}, {@code FETCH NEXT ? ROWS}), the query as Calcite's SQLite dialect writes it ({@code sqliteSql}) runs.
     * {@code pinned}, when not null, is the query written to run whole on one segment: used when a segment runs
     * it as the client would ({@link PinnedCandidate}).
     */
    private ScratchQuery scratchQuery(String clientSql, Supplier<String> sqliteSql, List<TableFetch> fetches, List<ScratchTable> emptyTables,
                                      PinnedStatement pinned, boolean segmentColumn, boolean declaredTypes, RelDataType validatedParameters,
                                      Map<Integer, SqlTypeName> dateTimeParameters, Supplier<RuntimeException> validationFailure) {
        JavaTypeFactory types = context.getTypeFactory();
        String defaultSchema = defaultSchema();
        List<String> names = new ArrayList<>();
        List<RelDataType> columnTypes = new ArrayList<>();
        int parameterCount;
        // Compiled against every table of the schemas it reads, whole, as on one database: the scratch tables the
        // query will run on hold the columns it names, so the same names resolve to the same columns with the
        // same declared types. Only those schemas: SQLite attaches few databases to one connection.
        Set<String> schemas = new HashSet<>();
        fetches.forEach(fetch -> schemas.add(fetch.table().schema().toLowerCase(Locale.ROOT)));
        emptyTables.forEach(table -> schemas.add(table.schema().toLowerCase(Locale.ROOT)));
        List<ScratchTable> allTables = new SchemaTables(context).all().stream()
                .filter(table -> schemas.contains(table.schema().toLowerCase(Locale.ROOT)))
                .map(table -> TableFetch.whole(table, segmentColumn).scratch()).toList();
        String sql = clientSql;
        PinnedCandidate onSegment = null;
        try {
            CompiledQuery compiled = CompileDatabases.compile(allTables, defaultSchema, sql, sqliteSql);
            clientSql = compiled.sql();
            parameterCount = compiled.parameterCount();
            // Only the text as written can run on a segment: Calcite's rendering of it has no positions to rewrite.
            if (pinned != null && emptyTables.isEmpty() && compiled.sql().equals(sql)) {
                onSegment = new PinnedCandidate(pinned, compiled.labels(), parameterCount);
            }
            for (int i = 0; i < compiled.labels().size(); i++) {
                names.add(compiled.labels().get(i));
                // A table's column has its declared type; an expression none: its values are whatever SQLite
                // answers, row by row. Before a row is read, sqlite-jdbc says NUMERIC for a column without a
                // declared type as for one declared NUMERIC, so the table's own declaration decides.
                String table = compiled.tables().get(i);
                String declared = table == null || table.isEmpty() ? null : declaredType(allTables, table, names.get(i), compiled.reportedTypes().get(i));
                columnTypes.add(declaredTypes && declared != null ? DeclaredType.of(declared, types)
                        : types.createTypeWithNullability(types.createSqlType(SqlTypeName.ANY), true));
            }
        } catch (SQLException e) {
            RuntimeException calciteRefusal = validationFailure.get();
            if (calciteRefusal != null) throw calciteRefusal;
            throw new TroughQueryException(e.getMessage() + "; the statement is run by SQLite on the client, so SQLite's SQL applies", e);
        }
        // SQLite's values have the types SQLite gives them, row by row: a column reports its declared type, as
        // sqlite-jdbc does, and an expression none; Calcite's inferred types would turn 93 into 93.0 or '93'.
        RelDataType row = types.createStructType(columnTypes, uniqueNames(names));
        RelDataType parameterRow = validatedParameters != null && validatedParameters.getFieldCount() == parameterCount ? validatedParameters
                : anyParameters(parameterCount);
        List<Integer> parameterIndexes = new ArrayList<>();
        for (int i = 0; i < parameterCount; i++) parameterIndexes.add(i);
        return new ScratchQuery(fetches, emptyTables, defaultSchema, new RenderedSql(clientSql, parameterIndexes, dateTimeParameters), onSegment, row,
                parameterRow, ValueCoercion.of(row));
    }

    private RelDataType anyParameters(int count) {
        JavaTypeFactory types = context.getTypeFactory();
        var builder = types.builder();
        for (int i = 0; i < count; i++) builder.add("?" + i, types.createTypeWithNullability(types.createSqlType(SqlTypeName.ANY), true));
        return builder.build();
    }

    /**
     * The declared type of result column {@code label} of {@code table}: the table's own declaration when the
     * label is one of its columns, else what sqlite-jdbc reports unless that is its NUMERIC guess; null when
     * unknown.
     */
    private static String declaredType(List<ScratchTable> tables, String table, String label, String reported) {
        for (ScratchTable scratch : tables) {
            if (!scratch.name().equalsIgnoreCase(table)) continue;
            for (TableShape.ColumnShape column : scratch.columns()) {
                if (column.name().equalsIgnoreCase(label)) return column.declaredType() == null ? "" : column.declaredType();
            }
        }
        return "NUMERIC".equals(reported) ? null : reported;
    }

    /** Calcite requires distinct field names; SQLite allows {@code SELECT a, a}. */
    private static List<String> uniqueNames(List<String> names) {
        List<String> unique = new ArrayList<>();
        for (String name : names) {
            String candidate = name;
            for (int n = 2; unique.contains(candidate); n++) candidate = name + n;
            unique.add(candidate);
        }
        return unique;
    }

}
