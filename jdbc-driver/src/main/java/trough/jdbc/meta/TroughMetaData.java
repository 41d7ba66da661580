package trough.jdbc.meta;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.Map;
import trough.calcite.schema.SegmentSource;

/**
 * The connection's {@link DatabaseMetaData}: Calcite's, except that tables, columns, schemas and catalogs come
 * from Trough's schemas ({@link CatalogMetadata}), keys and indexes from their DDL ({@link KeyMetadata}), and
 * the answers about the connection itself are Trough's: writable, forward-only result sets, its URL without
 * secrets and its user.
 */
public final class TroughMetaData {
    private TroughMetaData() {}

    /** {@code url} is the connection's URL with its secrets left out; {@code user} may be null. */
    public static DatabaseMetaData wrap(DatabaseMetaData calcite, Connection connection, Map<String, SegmentSource> schemas, String url,
                                        String user) throws java.sql.SQLException {
        Connection calciteConnection = calcite.getConnection();
        KeyMetadata keys = new KeyMetadata(calciteConnection, schemas);
        CatalogMetadata catalog = new CatalogMetadata(calciteConnection, schemas);
        return (DatabaseMetaData) Proxy.newProxyInstance(TroughMetaData.class.getClassLoader(), new Class<?>[] {DatabaseMetaData.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPrimaryKeys" -> keys.primaryKeys((String) args[1], (String) args[2]);
                    case "getIndexInfo" -> keys.indexInfo((String) args[1], (String) args[2], (Boolean) args[3]);
                    case "getCatalogs" -> catalog.catalogs();
                    case "getSchemas" -> catalog.schemas(args == null ? null : (String) args[1]);
                    case "getTables" -> catalog.tables((String) args[1], (String) args[2], (String[]) args[3]);
                    case "getColumns" -> catalog.columns((String) args[1], (String) args[2], (String) args[3]);
                    case "getConnection" -> connection;
                    case "getURL" -> url;
                    case "getUserName" -> user;
                    case "isReadOnly", "supportsSavepoints", "supportsMultipleTransactions", "supportsGetGeneratedKeys" -> false;
                    case "supportsTransactions" -> true; // commit and rollback work; see TroughConnection for what a transaction holds
                    // No transaction holds writes across statements (TroughConnection): writers that ask, as Spark's
                    // append does, then keep auto-commit on and each batch commits per segment.
                    case "supportsDataManipulationTransactionsOnly", "supportsDataDefinitionAndDataManipulationTransactions" -> false;
                    // Each statement reads what was committed when it ran; nothing more is held across statements.
                    case "getDefaultTransactionIsolation" -> Connection.TRANSACTION_READ_COMMITTED;
                    case "supportsTransactionIsolationLevel" -> (Integer) args[0] == Connection.TRANSACTION_READ_COMMITTED;
                    case "supportsResultSetType" -> (Integer) args[0] == ResultSet.TYPE_FORWARD_ONLY;
                    case "supportsResultSetConcurrency" -> (Integer) args[0] == ResultSet.TYPE_FORWARD_ONLY && (Integer) args[1] == ResultSet.CONCUR_READ_ONLY;
                    case "supportsCatalogsInDataManipulation", "supportsCatalogsInTableDefinitions", "supportsCatalogsInProcedureCalls",
                         "supportsCatalogsInIndexDefinitions", "supportsCatalogsInPrivilegeDefinitions" -> false;
                    default -> {
                        try {
                            yield method.invoke(calcite, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }
}
