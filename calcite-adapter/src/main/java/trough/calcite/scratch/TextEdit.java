package trough.calcite.scratch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A span [from, to) of a statement's text and what replaces it. */
record TextEdit(int from, int to, String text) {
    /** {@code sql} with every edit made; the edits must not overlap. */
    static String apply(String sql, List<TextEdit> edits) {
        List<TextEdit> backwards = new ArrayList<>(edits);
        // From the end, so that each edit's offsets still point into the text as written.
        backwards.sort(Comparator.comparingInt(TextEdit::from).reversed());
        StringBuilder result = new StringBuilder(sql);
        for (TextEdit edit : backwards) result.replace(edit.from(), edit.to(), edit.text());
        return result.toString();
    }
}
