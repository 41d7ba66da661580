package trough.tools.local;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Prints rows as an aligned text table, numbers right-aligned. */
final class TablePrinter {
    private TablePrinter() {}

    static void print(PrintStream out, List<String> header, List<Object[]> rows) {
        int width = header.size();
        int[] widths = new int[width];
        List<String[]> cells = new ArrayList<>();
        for (Object[] row : rows) {
            String[] text = new String[width];
            for (int i = 0; i < width; i++) text[i] = show(row[i]);
            cells.add(text);
        }
        for (int i = 0; i < width; i++) {
            widths[i] = header.get(i).length();
            for (String[] row : cells) widths[i] = Math.max(widths[i], row[i].length());
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < width; i++) line.append(i == 0 ? "" : "  ").append(pad(header.get(i), widths[i], false));
        out.println(line);
        line.setLength(0);
        for (int i = 0; i < width; i++) line.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        out.println(line);
        for (int r = 0; r < cells.size(); r++) {
            line.setLength(0);
            for (int i = 0; i < width; i++) {
                line.append(i == 0 ? "" : "  ").append(pad(cells.get(r)[i], widths[i], rows.get(r)[i] instanceof Number));
            }
            out.println(line);
        }
    }

    private static String show(Object value) {
        if (value == null) return "NULL";
        if (value instanceof byte[] bytes) return "x'" + Base64.getEncoder().encodeToString(bytes) + "'";
        if (value instanceof Long || value instanceof Integer) return String.format("%,d", ((Number) value).longValue());
        return value.toString();
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }
}
