package trough.worker.security;

import io.javalin.security.RouteRole;
import java.util.Locale;

/**
 * What a token may do. Each role includes the ones before it: {@code write} may read, {@code admin} may
 * write. Every endpoint names the role it needs (docs/security.md lists them).
 */
public enum Role implements RouteRole {
    /** Queries, listings, the cluster map. */
    READ,
    /** Writes, provisioning segments, loading. */
    WRITE,
    /** Schemas, promotion, deleting segments, tiers: changes to the cluster itself. */
    ADMIN;

    public boolean includes(Role needed) {
        return ordinal() >= needed.ordinal();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.label().equals(text)) return role;
        }
        throw new IllegalArgumentException("'" + text + "' is not a role; the roles are read, write and admin");
    }
}
