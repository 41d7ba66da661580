package trough.jdbc.shaded;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;

/**
 * An application with the shaded jar alone on its class path, run by {@link ShadedJarIT}: it connects, queries
 * and writes, and prints something only when a driver other than Trough's got registered. Anything on its
 * output is therefore a failure, whoever printed it.
 */
public final class QuietMain {
    private QuietMain() {}

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection(args[0]); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT region, sum(amount) FROM sales GROUP BY region")) {
                while (rows.next()) rows.getString(1);
            }
            statement.executeUpdate("INSERT INTO sales (_segment, region, amount) VALUES ('part-quiet', 'west', 1)");
            statement.executeUpdate("DELETE FROM sales WHERE _segment = 'part-quiet'");
        }
        List<Driver> drivers = Collections.list(DriverManager.getDrivers());
        if (drivers.size() != 1 || !drivers.get(0).getClass().getName().equals("trough.jdbc.TroughDriver")) {
            System.out.println("registered drivers: " + drivers);
        }
    }
}
