package trough.jdbc.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.scan.ParameterBinding;
import trough.core.sqlite.SqliteConnections;

/**
 * The generator is right before Trough is judged by it: SQLite accepts its queries, and answers each the same
 * on a copy of the oracle whose rows were stored in the opposite order. An answer that depends on the order
 * of storage (a bare column's pick, GROUP_CONCAT's order, which of 4 and 4.0 a group keeps, the rows a LIMIT
 * keeps among ties, the rounding of a sum) is not SQLite's answer but one of several, and must not be compared.
 */
class RandomQueryGeneratorTest {
    private static final int QUERIES = 3000;

    @Test
    void sqliteAcceptsEveryQueryAndAnswersItWhateverTheOrderOfStorage(@TempDir Path dir) throws Exception {
        OracleDataSet data = OracleDataSet.create(dir, 3, 150, 5, false);
        SmallTables.addLogicTables(data, 30, 5);
        Path reversed = dir.resolve("reversed.sqlite");
        copyInReverseOrder(data.oracle, reversed);

        List<String> refused = new ArrayList<>();
        List<String> undefined = new ArrayList<>();
        RandomQueryGenerator generator = new RandomQueryGenerator(99);
        try (Connection oracle = SqliteConnections.openReadOnly(data.oracle);
             Connection other = SqliteConnections.openReadOnly(reversed)) {
            OracleCheck check = new OracleCheck(other, oracle);
            for (int i = 0; i < QUERIES; i++) {
                RandomQueryGenerator.RandomQuery query = generator.next();
                OracleCheck.Verdict verdict = check.check(query.sql(), query.ordered(), query.mixedKeys(), false);
                switch (verdict.outcome()) {
                    case SAME -> { }
                    case ORACLE_REFUSED -> refused.add(query.sql() + "\n  " + verdict.detail());
                    default -> undefined.add(query.sql() + "\n  " + verdict.detail());
                }
            }
        }
        assertTrue(refused.size() * 500 <= QUERIES, refused.size() + " queries refused by SQLite:\n" + String.join("\n", refused));
        assertEquals(List.of(), undefined, "answers that depend on the order rows were stored in");
    }

    @Test
    void aSeedGivesTheSameQueries() {
        RandomQueryGenerator first = new RandomQueryGenerator(7);
        RandomQueryGenerator second = new RandomQueryGenerator(7);
        for (int i = 0; i < 200; i++) assertEquals(first.next(), second.next());
    }

    private static void copyInReverseOrder(Path from, Path to) throws Exception {
        try (Connection source = SqliteConnections.openReadOnly(from);
             Connection target = SqliteConnections.openReadWrite(to);
             Statement read = source.createStatement();
             Statement write = target.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = read.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'table'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                    write.executeUpdate(rows.getString(2));
                }
            }
            target.setAutoCommit(false);
            for (String table : tables) {
                try (ResultSet rows = read.executeQuery("SELECT * FROM " + table + " ORDER BY rowid DESC")) {
                    int width = rows.getMetaData().getColumnCount();
                    String insert = "INSERT INTO " + table + " VALUES (" + "?, ".repeat(width - 1) + "?)";
                    try (PreparedStatement statement = target.prepareStatement(insert)) {
                        while (rows.next()) {
                            List<Object> row = new ArrayList<>();
                            for (int c = 1; c <= width; c++) row.add(rows.getObject(c));
                            ParameterBinding.bind(statement, row);
                            statement.executeUpdate();
                        }
                    }
                }
            }
            target.commit();
        }
    }
}
