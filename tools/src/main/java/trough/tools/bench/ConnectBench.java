package trough.tools.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * C1: a new connection and its first query, as a pool or a BI tool opening a session pays it. Calcite's
 * warm-up is paid once per JVM (the queries before have paid it); what is left is the connection's own
 * setup (the cluster map, the schemas) and the first query on it.
 */
final class ConnectBench {
    private ConnectBench() {}

    static Figures run(String url, BenchQuery query, int runs) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long started = System.nanoTime();
            int rows = 0;
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement();
                 ResultSet answer = statement.executeQuery(query.text(query.troughSql(), 0))) {
                while (answer.next()) rows++;
            }
            if (rows == 0) throw new IllegalStateException("C1: " + query.name() + " answered no row on a new connection");
            millis.add((System.nanoTime() - started) / 1e6);
        }
        return new Figures("C1", "a new connection and its first query (" + query.name() + ")", BenchTargets.CLUSTER, millis, 1, -1);
    }
}
