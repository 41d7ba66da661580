package trough.calcite.schema;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;

/**
 * Makes the planner's scan of a Trough table. The tables come from the sources and know no planner class
 * (the planner's classes know the tables); whoever builds the schemas hands them the planner's factory.
 */
@FunctionalInterface
public interface ScanFactory {
    RelNode scan(RelOptCluster cluster, RelOptTable table, TroughTable troughTable);
}
