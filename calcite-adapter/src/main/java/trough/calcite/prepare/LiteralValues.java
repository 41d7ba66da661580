package trough.calcite.prepare;

import java.math.BigDecimal;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.SchemaPlus;

/**
 * A {@link LiteralTemplate}'s plan run with one text's literals: the values go where the plan reads its
 * parameters, each converted to the type the plan gave that parameter, and only where the conversion keeps
 * what the literal meant to SQLite. Where it would not (a text compared with a number column, a decimal
 * where the plan wants an integer, a date), the text is planned with its literals as written instead.
 */
final class LiteralValues implements DataContext {
    private static final long LARGEST_EXACT_DOUBLE = 1L << 53;

    private final DataContext context;
    private final List<Object> values;

    private LiteralValues(DataContext context, List<Object> values) {
        this.context = context;
        this.values = values;
    }

    /**
     * The plan of {@code template} as the plan of {@code sql}, which has no parameters of its own; null when a
     * literal cannot take the type the plan gave its parameter.
     */
    static <T> CalcitePrepare.CalciteSignature<T> bind(String sql, LiteralTemplate template, CalcitePrepare.CalciteSignature<T> plan) {
        if (plan.parameters.size() != template.values().size()) return null;
        List<Object> converted = new ArrayList<>(template.values().size());
        for (int i = 0; i < template.values().size(); i++) {
            Object value = convert(template.values().get(i), plan.parameters.get(i));
            if (value == null) return null;
            converted.add(value);
        }
        Bindable<T> rows = context -> plan.enumerable(new LiteralValues(context, converted));
        return new CalcitePrepare.CalciteSignature<>(sql, List.of(), plan.internalParameters, plan.rowType, plan.columns, plan.cursorFactory,
                plan.rootSchema, plan.getCollationList(), -1, rows, plan.statementType);
    }

    /** The literal as the plan's parameter holds it (as Avatica would hand it over), or null when it cannot stand for it. */
    private static Object convert(Object literal, AvaticaParameter parameter) {
        switch (parameter.parameterType) {
            case Types.VARCHAR:
                return literal instanceof String ? literal : null;
            case Types.INTEGER:
                return literal instanceof Long n && n == n.intValue() ? (Object) n.intValue() : null;
            case Types.BIGINT:
                return literal instanceof Long ? literal : null;
            case Types.DOUBLE, Types.FLOAT:
                if (literal instanceof Long n) return Math.abs(n) <= LARGEST_EXACT_DOUBLE ? (Object) n.doubleValue() : null;
                return literal instanceof BigDecimal decimal ? (Object) decimal.doubleValue() : null;
            case Types.OTHER, Types.JAVA_OBJECT:
                // Untyped (a column without a declared type): SQLite reads the value as it read the literal.
                return literal instanceof BigDecimal decimal ? (Object) decimal.doubleValue() : literal;
            default:
                // Decimals would reach SQLite as integers when whole (2.0 as 2), dates as numbers: keep the literal.
                return null;
        }
    }

    @Override
    public Object get(String name) {
        if (name.startsWith("?")) {
            try {
                int index = Integer.parseInt(name.substring(1));
                if (index >= 0 && index < values.size()) return values.get(index);
            } catch (NumberFormatException e) {
                // not a parameter's name
            }
        }
        return context.get(name);
    }

    @Override
    public SchemaPlus getRootSchema() {
        return context.getRootSchema();
    }

    @Override
    public JavaTypeFactory getTypeFactory() {
        return context.getTypeFactory();
    }

    @Override
    public QueryProvider getQueryProvider() {
        return context.getQueryProvider();
    }
}
