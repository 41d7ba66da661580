package trough.core.segment;

/** A segment id that breaks {@link SegmentId#RULE}; the message quotes the offending value. */
public final class InvalidSegmentIdException extends IllegalArgumentException {
    public InvalidSegmentIdException(String value, String rule) {
        super("invalid segment id " + quote(value) + ": " + rule);
    }

    private static String quote(String value) {
        if (value == null) return "(none)";
        String shown = value.length() > 40 ? value.substring(0, 40) + "...(" + value.length() + " chars)" : value;
        return "'" + shown + "'";
    }
}
