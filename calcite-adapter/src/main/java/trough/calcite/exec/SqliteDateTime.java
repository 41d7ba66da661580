package trough.calcite.exec;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Dates and times as SQLite stores them (it has no date type: https://sqlite.org/lang_datefunc.html) and as
 * Calcite holds them (TIMESTAMP as epoch milliseconds, DATE as epoch days, TIME as milliseconds of the day,
 * all without a time zone). Text is ISO-8601 ({@code YYYY-MM-DD HH:MM:SS.SSS}, a {@code T} allowed), an
 * integer is milliseconds since 1970 and a real is a Julian day number, as sqlite-jdbc reads them; what is
 * none of these is left as it is. Written back, a value is the text SQLite's own {@code datetime()} writes.
 */
public final class SqliteDateTime {
    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final double UNIX_EPOCH_JULIAN_DAY = 2440587.5;
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm[:ss]").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd().append(TIME).toFormatter();

    private SqliteDateTime() {}

    public static Object timestampMillis(Object value) {
        if (value instanceof Long millis) return millis;
        if (value instanceof Double julian) return julianMillis(julian);
        if (value instanceof String text) {
            String trimmed = text.strip();
            try {
                if (trimmed.length() == 10) return LocalDate.parse(trimmed).toEpochDay() * MILLIS_PER_DAY;
                return LocalDateTime.parse(trimmed, DATE_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                return value;
            }
        }
        return value;
    }

    public static Object epochDay(Object value) {
        Object millis = timestampMillis(value);
        return millis instanceof Long m ? (Object) (int) Math.floorDiv(m, MILLIS_PER_DAY) : value;
    }

    public static Object millisOfDay(Object value) {
        if (value instanceof String text && text.strip().length() <= 18 && text.indexOf('-') < 0) {
            try {
                return (int) (LocalTime.parse(text.strip(), TIME).toNanoOfDay() / 1_000_000);
            } catch (DateTimeParseException e) {
                return value;
            }
        }
        Object millis = timestampMillis(value);
        return millis instanceof Long m ? (Object) (int) Math.floorMod(m, MILLIS_PER_DAY) : value;
    }

    /** The text SQLite's datetime() writes for Calcite's TIMESTAMP value, with milliseconds when there are any. */
    public static String timestampText(long millis) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
        return time.toLocalDate() + " " + timeText(time.toLocalTime());
    }

    public static String dateText(int epochDay) {
        return LocalDate.ofEpochDay(epochDay).toString();
    }

    public static String timeText(int millisOfDay) {
        return timeText(LocalTime.ofNanoOfDay(millisOfDay * 1_000_000L));
    }

    private static String timeText(LocalTime time) {
        String text = String.format("%02d:%02d:%02d", time.getHour(), time.getMinute(), time.getSecond());
        int millis = time.getNano() / 1_000_000;
        return millis == 0 ? text : text + String.format(".%03d", millis);
    }

    private static long julianMillis(double julianDay) {
        return Math.round((julianDay - UNIX_EPOCH_JULIAN_DAY) * MILLIS_PER_DAY);
    }
}
