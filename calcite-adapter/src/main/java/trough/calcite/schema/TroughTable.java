package trough.calcite.schema;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import trough.calcite.exec.QuerySettings;
import trough.calcite.rel.TroughTableScan;

/**
 * A table spanning every segment that holds it. Its last column, {@code _segment}, names the segment of each
 * row; it is hidden from {@code SELECT *} but usable anywhere by name, and predicates on it prune segments.
 */
public final class TroughTable extends AbstractTable implements TranslatableTable {
    public static final String SEGMENT_COLUMN = "_segment";

    private final SegmentSource source;
    private final TableShape shape;
    private final QuerySettings settings;

    public TroughTable(SegmentSource source, TableShape shape, QuerySettings settings) {
        this.source = source;
        this.shape = shape;
        this.settings = settings;
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

    public List<SegmentTable> segments() {
        return source.segments(shape.name());
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory types) {
        RelDataTypeFactory.Builder row = types.builder();
        for (TableShape.ColumnShape column : shape.columns()) {
            row.add(column.name(), column.affinity().relType(types));
        }
        row.add(SEGMENT_COLUMN, types.createTypeWithNullability(types.createSqlType(SqlTypeName.VARCHAR), false));
        return row.build();
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable table) {
        RelOptCluster cluster = context.getCluster();
        return new TroughTableScan(cluster, table, this, null);
    }
}
