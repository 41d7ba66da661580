package trough.jdbc.shaded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.sqlite.SqliteConnections;

/** The single driver jar, as a BI tool would use it: alone on a class path, and under sqlline. */
class ShadedJarIT {
    static final Path JAR = Path.of(System.getProperty("trough.jdbc.jar", "target/trough-jdbc.jar"));
    /** Resources read by name at run time, which keep their names: Calcite's and sqlite-jdbc's settings, HttpClient's suffix list. */
    static final Set<String> STAYS = Set.of("saffron.properties", "sqlite-jdbc.properties", "org/", "org/publicsuffix/",
            "org/publicsuffix/list/", "org/publicsuffix/list/effective_tld_names.dat");

    @TempDir
    static Path dir;

    @BeforeAll
    static void segments() throws Exception {
        for (int s = 0; s < 3; s++) {
            try (Connection c = SqliteConnections.openReadWrite(dir.resolve("part-" + s + ".sqlite")); Statement st = c.createStatement()) {
                st.executeUpdate("CREATE TABLE sales (region TEXT, amount INTEGER)");
                st.executeUpdate("INSERT INTO sales VALUES ('north', " + (s + 1) + "), ('south', " + (10 * (s + 1)) + ")");
            }
        }
    }

    @Test
    void theJarHoldsItsDependenciesUnderItsOwnPackage() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "build the jar first (mvn package): " + JAR);
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            assertTrue(zip.getEntry("trough/jdbc/TroughDriver.class") != null);
            assertTrue(zip.getEntry("trough/shaded/com/google/common/collect/ImmutableList.class") != null);
            assertTrue(zip.getEntry("trough/shaded/okhttp3/OkHttpClient.class") != null);
            assertTrue(zip.getEntry("com/google/common/collect/ImmutableList.class") == null, "Guava must be relocated");
            assertTrue(zip.getEntry("okhttp3/OkHttpClient.class") == null, "OkHttp must be relocated");
            List<String> outside = zip.stream().map(ZipEntry::getName).filter(name -> !name.startsWith("trough/") && !name.startsWith("META-INF/")
                    && !name.startsWith("org/sqlite/") && !STAYS.contains(name)).toList();
            assertEquals(List.of(), outside, "only SQLite's JDBC driver may stay outside trough/ (docs/jdbc.md says why)");
            String services = new String(zip.getInputStream(zip.getEntry("META-INF/services/java.sql.Driver")).readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(List.of("trough.jdbc.TroughDriver"), services.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        }
    }

    @Test
    void anApplicationUsingTheJarPrintsNothingAndSeesOneDriver() throws Exception {
        String classes = Path.of(QuietMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", JAR + File.pathSeparator + classes, QuietMain.class.getName(), "jdbc:trough:file:" + dir)
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        assertEquals("", output);
    }

    @Test
    void theJarAloneAnswersQueriesInAFreshClassLoader() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Driver driver = (Driver) loader.loadClass("trough.jdbc.TroughDriver").getDeclaredConstructor().newInstance();
            assertFalse(driver.getClass().getClassLoader() == getClass().getClassLoader());
            try (Connection connection = driver.connect("jdbc:trough:file:" + dir, new Properties());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT region, sum(amount) AS total FROM sales GROUP BY region ORDER BY region")) {
                assertTrue(rows.next());
                assertEquals("north", rows.getString(1));
                assertEquals(6, rows.getLong(2));
                assertTrue(rows.next());
                assertEquals(60, rows.getLong(2));
                assertFalse(rows.next());
            }
        }
    }

    /** A scripted session ({@code sqlline -f}), as CI runs one: every command answers, nothing fails or warns. */
    @Test
    void sqllineRunsAScriptOfMetadataQueriesAndWrites() throws Exception {
        Path script = dir.resolve("session.sql");
        Files.writeString(script, String.join("\n",
                "!tables",
                "!columns sales",
                "!primarykeys sales",
                "!indexes sales",
                "!dbinfo",
                "SELECT region, count(*) AS n, sum(amount) AS total FROM sales GROUP BY region ORDER BY region;",
                "INSERT INTO sales (_segment, region, amount) VALUES ('part-sqlline', 'east', 5);",
                "SELECT count(*) AS east FROM sales WHERE region = 'east';",
                "DELETE FROM sales WHERE _segment = 'part-sqlline';",
                "SELECT 1 AS one, 2 AS value, 3 AS day;",
                "!quit", ""));
        List<String> classPath = new ArrayList<>();
        classPath.add(JAR.toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.contains("sqlline") || entry.contains("jline")) classPath.add(entry);
        }
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, classPath), "sqlline.SqlLine",
                "-u", "jdbc:trough:file:" + dir, "-n", "", "-p", "", "--outputformat=csv", "--maxWidth=400", "-f", script.toString())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("'main','sales','TABLE'"), output);
        assertTrue(output.contains("'sales','amount'"), output);
        assertTrue(output.contains("'sales','_segment'"), output);
        assertTrue(output.contains("'north','3','6'"), output);
        assertTrue(output.contains("'south','3','60'"), output);
        assertTrue(output.contains("'1'"), output); // the one row in the east, while it was there
        assertTrue(output.contains("'1','2','3'"), output);
        // (sqlline's own terminal may warn that it is dumb: no console under a test)
        assertTrue(output.contains("Default (TRANSACTION_READ_COMMITTED) will be used"), output); // sqlline asks for REPEATABLE READ
        for (String bad : List.of("Error", "Exception", "SLF4J")) assertFalse(output.contains(bad), bad + " in:\n" + output);
    }
}
