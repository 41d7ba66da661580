package trough.calcite.scratch;

import java.util.List;

/** Finds the table a name in a FROM clause stands for, as the validator would. */
interface TableResolver {
    /** The Trough table {@code names} stands for, or null. */
    TableReference.QualifiedTable troughTable(List<String> names);

    /** Whether {@code names} stands for a table that is not a Trough table (Calcite's own metadata tables). */
    boolean otherTable(List<String> names);
}
