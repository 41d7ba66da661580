package trough.core.registry;

import java.util.List;

/**
 * One page of a whole-table listing (every assignment, every replica) in the registry's own order: {@code next}
 * is the cursor for the following page, or null at the end. A cursor means nothing outside the registry that gave it.
 */
public record Page<T>(List<T> items, String next) {
    public Page {
        items = List.copyOf(items);
    }
}
