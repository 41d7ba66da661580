package trough.calcite.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Dates as SQLite keeps them, read into Calcite's numbers and written back as SQLite's date functions write them. */
class SqliteDateTimeTest {
    private static long millis(String isoLocal) {
        return LocalDateTime.parse(isoLocal).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    @Test
    void isoTextInEitherFormReadsAsTheSameInstant() {
        long expected = millis("2024-03-04T05:06:07.250");
        assertEquals(expected, SqliteDateTime.timestampMillis("2024-03-04 05:06:07.250"));
        assertEquals(expected, SqliteDateTime.timestampMillis("2024-03-04T05:06:07.25"));
        assertEquals(millis("2024-03-04T05:06:00"), SqliteDateTime.timestampMillis("2024-03-04 05:06"));
        assertEquals(millis("2024-03-04T00:00:00"), SqliteDateTime.timestampMillis("2024-03-04"));
    }

    @Test
    void numbersAreMillisecondsSince1970OrJulianDays() {
        assertEquals(1709528767000L, SqliteDateTime.timestampMillis(1709528767000L));
        assertEquals(millis("2024-03-04T00:00:00"), SqliteDateTime.timestampMillis(2460373.5));
        assertEquals(0L, SqliteDateTime.timestampMillis(2440587.5));
    }

    @Test
    void datesAndTimesOfDay() {
        assertEquals(19786, SqliteDateTime.epochDay("2024-03-04"));
        assertEquals(19786, SqliteDateTime.epochDay("2024-03-04 23:59:59"));
        assertEquals(5 * 3_600_000 + 6 * 60_000 + 7_500, SqliteDateTime.millisOfDay("05:06:07.5"));
        assertEquals(5 * 3_600_000 + 6 * 60_000 + 7_000, SqliteDateTime.millisOfDay("2024-03-04 05:06:07"));
    }

    @Test
    void textThatIsNoDateIsLeftAsItIs() {
        assertEquals("soon", SqliteDateTime.timestampMillis("soon"));
        assertEquals("25:00", SqliteDateTime.millisOfDay("25:00"));
    }

    @Test
    void writtenBackAsSqlitesDatetimeWritesIt() {
        assertEquals("2024-03-04 05:06:07", SqliteDateTime.timestampText(millis("2024-03-04T05:06:07")));
        assertEquals("2024-03-04 05:06:07.250", SqliteDateTime.timestampText(millis("2024-03-04T05:06:07.250")));
        assertEquals("1969-12-31 23:59:59", SqliteDateTime.timestampText(-1000));
        assertEquals("2024-03-04", SqliteDateTime.dateText(19786));
        assertEquals("05:06:07", SqliteDateTime.timeText(5 * 3_600_000 + 6 * 60_000 + 7_000));
    }
}
