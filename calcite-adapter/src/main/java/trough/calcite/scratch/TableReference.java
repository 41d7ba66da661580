package trough.calcite.scratch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.DataContext;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import trough.calcite.exec.TableShape;
import trough.calcite.schema.ConnectionCatalog;
import trough.calcite.schema.TroughTable;

/**
 * One place where a statement names a Trough table, and the conditions on that table alone that may drop
 * its rows before the statement runs: WHERE and inner-join conditions where the table is not on the
 * null-supplying side of an outer join.
 */
final class TableReference {
    final QualifiedTable table;
    final String alias;
    /** The name as written in the FROM clause; where a statement run whole on one segment puts the table's rows. */
    final SqlIdentifier name;
    /**
     * How the text names the reference: {@link Naming#BARE} when by the table's name alone, {@link Naming#ALIASED}
     * when an alias follows the name, {@link Naming#RENAMED} when the alias also renames its columns.
     */
    final Naming naming;
    final List<SqlNode> conditions = new ArrayList<>();
    /** Its columns the statement matches with another table's (or an outer query's): worth an index. */
    final Set<String> joinKeys = new LinkedHashSet<>();

    TableReference(QualifiedTable table, String alias, SqlIdentifier name, Naming naming) {
        this.table = table;
        this.alias = alias;
        this.name = name;
        this.naming = naming;
    }

    enum Naming { BARE, ALIASED, RENAMED }

    /**
     * A Trough table as a plan names it: the schema it was found in and its columns. The plan finds the
     * table again in the connection that runs it ({@link #in}).
     */
    record QualifiedTable(String schema, TableShape shape) {
        String name() {
            return shape.name();
        }

        /** The schema and the name in lower case: one key for every way of writing them, as SQLite matches names. */
        String key() {
            return schema.toLowerCase(Locale.ROOT) + "." + shape.name().toLowerCase(Locale.ROOT);
        }

        /** This table in the connection running a plan. */
        TroughTable in(DataContext context) {
            return ConnectionCatalog.table(context, schema, shape.name());
        }
    }
}
