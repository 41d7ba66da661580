package trough.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"a", "crawl-job-1001", "A.b_c-9", "..x", "x..", "..."})
    void acceptsNamesMadeOfTheAllowedCharacters(String value) {
        assertEquals(value, SegmentId.of(value).value());
        assertEquals(value + ".sqlite", SegmentId.of(value).fileName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "a/b", "a\\b", "with space", "semi;colon", "é", "nul\u0000"})
    void refusesPathsAndForeignCharacters(String value) {
        InvalidSegmentIdException e = assertThrows(InvalidSegmentIdException.class, () -> SegmentId.of(value));
        assertTrue(e.getMessage().contains(SegmentId.RULE), e.getMessage());
    }

    @Test
    void refusesMoreThan128Characters() {
        assertEquals(128, SegmentId.of("x".repeat(128)).value().length());
        InvalidSegmentIdException e = assertThrows(InvalidSegmentIdException.class, () -> SegmentId.of("x".repeat(200)));
        assertTrue(e.getMessage().contains("(200 chars)"), e.getMessage());
    }

    @Test
    void refusesNull() {
        assertThrows(InvalidSegmentIdException.class, () -> SegmentId.of(null));
    }

    @Test
    void readsSegmentIdsFromFileNamesOnly() {
        assertEquals(SegmentId.of("job-1"), SegmentId.fromFileName("job-1.sqlite"));
        assertNull(SegmentId.fromFileName("job-1.sqlite-wal"));
        assertNull(SegmentId.fromFileName("notes.txt"));
        assertNull(SegmentId.fromFileName("..sqlite".substring(1)));
    }
}
