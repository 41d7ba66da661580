package trough.core.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a whole-table listing (every assignment, every replica) in the registry's own order: {@code next}
 * is the cursor for the following page, or null at the end. A cursor means nothing outside the registry that gave it.
 */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }

    /** Every item of a listing, its pages read from the first: {@code pages} answers the page after a cursor (null: the first). */
    public static <T> List<T> all(Function<String, Page<T>> pages) {
        List<T> all = new ArrayList<>();
        String after = null;
        do {
            Page<T> page = pages.apply(after);
            all.addAll(page.items());
            after = page.next();
        } while (after != null);
        return all;
    }
}
