package trough.calcite.scratch;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmptyInListTest {
    @Test
    void anEmptyListAfterInIsFoundWhateverTheBlanksAndComments() {
        for (String sql : List.of("SELECT * FROM t WHERE a IN ()", "SELECT * FROM t WHERE a in( )", "SELECT 1 WHERE 2 NOT IN (/* none */)",
                "SELECT * FROM t WHERE a IN -- a comment\n ( \n )", "SELECT * FROM t WHERE 'x' = s AND (a IN ())")) {
            assertTrue(EmptyInList.in(sql), sql);
        }
    }

    @Test
    void quotedTextNamesOtherWordsAndFullListsAreNot() {
        for (String sql : List.of("SELECT 'a IN ()' FROM t", "SELECT \"IN\" () FROM t", "SELECT * FROM t WHERE a IN (1)",
                "SELECT win () FROM t", "SELECT * FROM t WHERE a IN (SELECT b FROM u)", "SELECT 1 -- IN ()", "SELECT [in ()] FROM t",
                "SELECT * FROM t WHERE a IN", "SELECT 'unterminated IN ()")) {
            assertFalse(EmptyInList.in(sql), sql);
        }
    }
}
