package trough.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SegmentKeyTest {
    private final SegmentKey crawlJob = SegmentKey.of("crawl_job_id", "crawl-job-{crawl_job_id}");

    @Test
    void theKeyValueFillsThePattern() {
        assertEquals(SegmentId.of("crawl-job-1001"), crawlJob.segmentOf(1001L));
        assertEquals(SegmentId.of("crawl-job-1001"), crawlJob.segmentOf(1001));
        assertEquals(SegmentId.of("crawl-job-1001"), crawlJob.segmentOf("1001"));
        assertEquals(SegmentId.of("crawl-job-1001"), crawlJob.segmentOf(1001.0), "a whole REAL names the same segment as the integer");
        assertEquals(SegmentId.of("crawl-job-1001"), crawlJob.segmentOf(new BigDecimal("1001.00")));
        assertEquals(SegmentId.of("crawl-job-2.5"), crawlJob.segmentOf(2.5));
        assertEquals(SegmentId.of("crawl-job-1"), crawlJob.segmentOf(true));
    }

    @Test
    void withoutAPatternTheValueIsTheSegmentId() {
        SegmentKey plain = SegmentKey.of("day", null);
        assertEquals("{day}", plain.pattern());
        assertEquals(SegmentId.of("2026-12-02"), plain.segmentOf("2026-12-02"));
    }

    @Test
    void thePlaceholderAndTheColumnMatchIgnoringCase() {
        SegmentKey key = SegmentKey.of("Job", "job-{job}");
        assertEquals(SegmentId.of("job-7"), key.segmentOf(7L));
        assertTrue(key.isKey("JOB"));
    }

    @Test
    void aNullOrBlobKeyIsRefused() {
        InvalidSegmentKeyException missing = assertThrows(InvalidSegmentKeyException.class, () -> crawlJob.segmentOf(null));
        assertTrue(missing.getMessage().startsWith("the segment key crawl_job_id is NULL"), missing.getMessage());
        assertThrows(InvalidSegmentKeyException.class, () -> crawlJob.segmentOf(new byte[] {1}));
    }

    @Test
    void aValueThatMakesAnInvalidIdIsRefusedWithTheRule() {
        InvalidSegmentKeyException e = assertThrows(InvalidSegmentKeyException.class, () -> crawlJob.segmentOf("../etc"));
        assertEquals("the segment key crawl_job_id = '../etc' makes segment id 'crawl-job-../etc' (crawl-job-{crawl_job_id}), and "
                + SegmentId.RULE, e.getMessage());
        assertThrows(InvalidSegmentKeyException.class, () -> crawlJob.segmentOf("x".repeat(120)), "too long once in the pattern");
        InvalidSegmentKeyException plain = assertThrows(InvalidSegmentKeyException.class, () -> SegmentKey.of("day", null).segmentOf(""));
        assertEquals("invalid segment id '': " + SegmentId.RULE, plain.getMessage(), "the value itself is the id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"crawl-job", "crawl/{crawl_job_id}", "{crawl_job_id}-{crawl_job_id}", "{other}", "job {crawl_job_id}"})
    void aPatternWithoutExactlyOnePlaceholderAmongIdCharactersIsRefused(String pattern) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SegmentKey.of("crawl_job_id", pattern));
        assertTrue(e.getMessage().contains(SegmentKey.PATTERN_RULE), e.getMessage());
    }
}
