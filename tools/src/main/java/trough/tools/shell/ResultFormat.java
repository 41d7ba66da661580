package trough.tools.shell;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** How the shell prints rows: an aligned table, a boxed grid, or tab-separated values for scripts. */
enum ResultFormat {
    TABLE, PRETTY, RAW;

    /** The lines showing {@code rows} under {@code header}. */
    List<String> lines(List<String> header, List<Object[]> rows) {
        List<String[]> cells = new ArrayList<>();
        for (Object[] row : rows) {
            String[] text = new String[header.size()];
            for (int i = 0; i < text.length; i++) text[i] = show(row[i]);
            cells.add(text);
        }
        if (this == RAW) {
            List<String> lines = new ArrayList<>();
            lines.add(String.join("\t", header));
            for (String[] row : cells) lines.add(String.join("\t", row));
            return lines;
        }
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (String[] row : cells) widths[i] = Math.max(widths[i], row[i].length());
        }
        boolean boxed = this == PRETTY;
        List<String> lines = new ArrayList<>();
        if (boxed) lines.add(rule(widths, '+', '-'));
        lines.add(line(header.toArray(String[]::new), widths, null, boxed));
        lines.add(rule(widths, boxed ? '+' : ' ', '-'));
        for (int r = 0; r < cells.size(); r++) lines.add(line(cells.get(r), widths, rows.get(r), boxed));
        if (boxed) lines.add(rule(widths, '+', '-'));
        return lines;
    }

    private static String line(String[] cells, int[] widths, Object[] values, boolean boxed) {
        StringBuilder line = new StringBuilder(boxed ? "| " : "");
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) line.append(boxed ? " | " : "  ");
            String padding = " ".repeat(widths[i] - cells[i].length());
            boolean number = values != null && values[i] instanceof Number;
            line.append(number ? padding + cells[i] : cells[i] + padding);
        }
        if (boxed) line.append(" |");
        return boxed ? line.toString() : line.toString().stripTrailing();
    }

    private static String rule(int[] widths, char corner, char dash) {
        StringBuilder rule = new StringBuilder(corner == ' ' ? "" : String.valueOf(corner));
        for (int i = 0; i < widths.length; i++) {
            if (i > 0) rule.append(corner == ' ' ? "  " : "" + dash + corner + dash);
            else if (corner != ' ') rule.append(dash);
            rule.append(String.valueOf(dash).repeat(widths[i]));
        }
        if (corner != ' ') rule.append(dash).append(corner);
        return rule.toString();
    }

    static String show(Object value) {
        if (value == null) return "NULL";
        if (value instanceof byte[] bytes) return "x'" + HexFormat.of().formatHex(bytes) + "'";
        return value.toString();
    }
}
