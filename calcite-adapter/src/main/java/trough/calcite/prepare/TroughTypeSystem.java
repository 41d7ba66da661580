package trough.calcite.prepare;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/** Calcite's type rules, bent to SQLite's where they differ in ways a user sees: AVG is always REAL. */
public final class TroughTypeSystem extends RelDataTypeSystemImpl {
    public static final TroughTypeSystem INSTANCE = new TroughTypeSystem();

    private TroughTypeSystem() {}

    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        return typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.DOUBLE), true);
    }
}
