package trough.calcite.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which literals a query's template takes, and which stay as written. */
class LiteralTemplateTest {
    @Test
    void literalsThatOnlyFeedComparisonsBecomeParameters() {
        LiteralTemplate template = LiteralTemplate.of(
                "SELECT url FROM crawl_log WHERE _segment = 'job-1' AND size >= 10 AND score < 2.5 AND host LIKE 'a%' "
                        + "AND status_code IN (200, 301) AND fetch_ts BETWEEN 5 AND 9 AND note <> 'it''s'");
        assertEquals("SELECT url FROM crawl_log WHERE _segment = ? AND size >= ? AND score < ? AND host LIKE ? "
                + "AND status_code IN (?, ?) AND fetch_ts BETWEEN ? AND ? AND note <> ?", template.text());
        assertEquals(List.of("job-1", 10L, new BigDecimal("2.5"), "a%", 200L, 301L, 5L, 9L, "it's"), template.values());
    }

    @Test
    void literalsThatShapeThePlanOrItsColumnsStay() {
        assertNull(LiteralTemplate.of("SELECT 1, 'a' AS x, n + 2 FROM t ORDER BY 1 LIMIT 10 OFFSET 5"));
        assertNull(LiteralTemplate.of("SELECT CAST(n AS VARCHAR(10)) FROM t WHERE d = DATE '2020-01-01' GROUP BY 1"));
        assertNull(LiteralTemplate.of("SELECT * FROM t WHERE n > -5 AND b = X'ab' AND r = 1e3 AND h = 0x1F AND n IN (SELECT 1)"));
        assertEquals("SELECT * FROM t WHERE s LIKE ? ESCAPE '!' AND n LIKE 5 AND m BETWEEN x AND 3",
                LiteralTemplate.of("SELECT * FROM t WHERE s LIKE 'a%' ESCAPE '!' AND n LIKE 5 AND m BETWEEN x AND 3").text());
        assertNull(LiteralTemplate.of("SELECT * FROM t WHERE n > 99999999999999999999"));
    }

    @Test
    void aTextWithParametersOfItsOwnHasNoTemplate() {
        assertNull(LiteralTemplate.of("SELECT * FROM t WHERE a = ? AND b = 5"));
        assertNull(LiteralTemplate.of("SELECT * FROM t WHERE a = :name AND b = 5"));
    }

    @Test
    void quotesAndCommentsAreReadAsSqlReadsThem() {
        LiteralTemplate template = LiteralTemplate.of("/* a = 1 */ SELECT \"a = 2\", '?' FROM t -- b = 3\nWHERE \"x\"\"y\" = 'q?' AND c=4");
        assertEquals("/* a = 1 */ SELECT \"a = 2\", '?' FROM t -- b = 3\nWHERE \"x\"\"y\" = ? AND c=?", template.text());
        assertEquals(List.of("q?", 4L), template.values());
    }
}
