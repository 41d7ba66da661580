package trough.calcite.schema;

import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql2rel.InitializerExpressionFactory;
import trough.calcite.exec.QuerySettings;
import trough.calcite.exec.TableShape;
import trough.core.segment.SegmentId;
import trough.core.segment.SegmentKey;

/**
 * A table spanning every segment that holds it. Its last column, {@code _segment}, names the segment of each
 * row; it is hidden from {@code SELECT *} but usable anywhere by name, and predicates on it prune segments.
 */
public final class TroughTable extends AbstractTable implements TranslatableTable, ModifiableTable {
    public static final String SEGMENT_COLUMN = "_segment";

    private final SegmentSource source;
    private final TableShape shape;
    private final QuerySettings settings;
    private final ScanFactory scans;

    public TroughTable(SegmentSource source, TableShape shape, QuerySettings settings, ScanFactory scans) {
        this.source = source;
        this.shape = shape;
        this.settings = settings;
        this.scans = scans;
    }

    public QuerySettings settings() {
        return settings;
    }

    public SegmentSource source() {
        return source;
    }

    public TableShape shape() {
        return shape;
    }

    /** The schema's segment key when this table has its column, else null: then its rows must name {@code _segment}. */
    public SegmentKey segmentKey() {
        SegmentKey key = source.segmentKey();
        return key != null && shape.columns().stream().anyMatch(column -> key.isKey(column.name())) ? key : null;
    }

    public List<SegmentTable> segments() {
        return source.segments(shape.name());
    }

    /** Those of its segments whose ids are among {@code ids}, in id order (a text that is no valid id names none). */
    public List<SegmentTable> segmentsNamed(Collection<String> ids) {
        return source.segments(shape.name(), ids.stream().filter(SegmentId::isValid).map(SegmentId::of).toList());
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory types) {
        RelDataTypeFactory.Builder row = types.builder();
        for (TableShape.ColumnShape column : shape.columns()) {
            row.add(column.name(), DeclaredType.of(column.declaredType(), types));
        }
        row.add(SEGMENT_COLUMN, types.createTypeWithNullability(types.createSqlType(SqlTypeName.VARCHAR), false));
        return row.build();
    }

    /** Calcite asks a table for its column defaults through this, when an INSERT leaves columns out. */
    @Override
    public <C> C unwrap(Class<C> type) {
        if (type == InitializerExpressionFactory.class) return type.cast(new ColumnDefaults(shape, segmentKey() != null));
        return super.unwrap(type);
    }

    @Override
    public TableModify toModificationRel(RelOptCluster cluster, RelOptTable table, Prepare.CatalogReader catalogReader, RelNode child,
                                         TableModify.Operation operation, List<String> updateColumnList,
                                         List<RexNode> sourceExpressionList, boolean flattened) {
        return LogicalTableModify.create(table, catalogReader, child, operation, updateColumnList, sourceExpressionList, flattened);
    }

    /** Rows are written by {@link trough.calcite.rel.TroughTableModify}, never into a collection. */
    @Override
    public Collection<?> getModifiableCollection() {
        return null;
    }

    @Override
    public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
        throw new UnsupportedOperationException("Trough tables are planned, not queried through linq4j");
    }

    @Override
    public Type getElementType() {
        return Object[].class;
    }

    @Override
    public Expression getExpression(SchemaPlus schema, String tableName, Class clazz) {
        return Schemas.tableExpression(schema, getElementType(), tableName, clazz);
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable table) {
        return scans.scan(context.getCluster(), table, this);
    }
}
