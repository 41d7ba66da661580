package trough.core.api;

/**
 * The body of every error a Trough server answers.
 *
 * @param error   a short machine-readable kind, such as {@code unknown_segment}
 * @param segment the segment concerned, or null
 * @param detail  what went wrong and what to do about it, for a person
 */
public record ErrorBody(String error, String segment, String detail) {}
