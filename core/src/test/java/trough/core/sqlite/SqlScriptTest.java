package trough.core.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
    private static List<String> split(String sql) {
        return SqlScript.split(sql).stream().map(SqlScript.Statement::sql).toList();
    }

    @Test
    void splitsOnSemicolons() {
        assertEquals(List.of("SELECT 1", "SELECT 2"), split("SELECT 1; SELECT 2;"));
    }

    @Test
    void ignoresSemicolonsInStringsIdentifiersAndComments() {
        assertEquals(List.of("SELECT 'a;b', \"c;d\", `e;f`, [g;h] -- ;\nFROM t"),
                split("SELECT 'a;b', \"c;d\", `e;f`, [g;h] -- ;\nFROM t"));
        assertEquals(List.of("SELECT 'it''s; fine' /* ; */"), split("SELECT 'it''s; fine' /* ; */"));
    }

    @Test
    void dropsEmptyStatementsAndComments() {
        assertEquals(List.of(), split(" ; -- nothing\n ; /* still nothing */"));
        assertEquals(List.of("SELECT 1"), split(";;SELECT 1;;"));
    }

    @Test
    void keepsTriggerBodiesWhole() {
        String trigger = "CREATE TEMP TRIGGER t AFTER INSERT ON a BEGIN "
                + "UPDATE b SET n = CASE WHEN n > 0 THEN n + 1 ELSE 1 END; INSERT INTO c VALUES (1); END";
        assertEquals(List.of("CREATE TABLE a(x)", trigger, "SELECT 1"), split("CREATE TABLE a(x); " + trigger + "; SELECT 1"));
    }

    @Test
    void reportsTheLeadingKeyword() {
        assertEquals(List.of("WITH", "SELECT", "DELETE"), SqlScript.split("/* c */ with x as (select 1) select * from x; "
                + "-- c\n select 1; delete from t").stream().map(SqlScript.Statement::leadingKeyword).toList());
    }
}
