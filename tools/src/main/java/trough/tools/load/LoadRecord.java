package trough.tools.load;

import java.util.Map;

/**
 * One record of an input file: its values by column name (SQLite values: null, Long, Double, String,
 * byte[]) and where it is, for messages.
 *
 * @param line the line of a CSV or NDJSON file, the row number of a SQLite table, from 1
 */
record LoadRecord(long line, Map<String, Object> values) {}
