package trough.worker.security;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import trough.worker.WorkerError;

/**
 * Checks, before each endpoint runs, that the caller's token has the role the endpoint needs: 401 without a
 * known token, 403 with one whose role is too low; both say which role is needed. A worker without a tokens
 * file lets everyone do everything (only allowed on a loopback address, or with --insecure).
 */
public final class AccessControl {
    private static final String CALLER = "trough.caller";

    private final TokenFile tokens;

    /** @param tokens the tokens accepted, or null to check none */
    public AccessControl(TokenFile tokens) {
        this.tokens = tokens;
    }

    /** Runs before every matched endpoint; an endpoint without a role (health) is open to all. */
    public void check(Context ctx) {
        Role needed = needed(ctx);
        if (needed == null) return;
        if (tokens == null) {
            ctx.attribute(CALLER, Caller.ANONYMOUS);
            return;
        }
        String token = presented(ctx.header("Authorization"));
        Caller caller = token == null ? null : tokens.caller(token).orElse(null);
        if (caller == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"trough\"");
            String problem = token == null ? "no token was sent" : "the token is not known here (mistyped, or rotated away)";
            throw new WorkerError(401, "unauthorized", null, ctx.method() + " " + ctx.path() + " needs a token with the '" + needed.label()
                    + "' role: " + problem + "; send 'Authorization: Bearer <token>' (the JDBC driver's 'token' property, the shell's --token)");
        }
        if (!caller.role().includes(needed)) {
            ctx.attribute(CALLER, caller); // the audit log names who was refused
            throw new WorkerError(403, "forbidden", null, ctx.method() + " " + ctx.path() + " needs the '" + needed.label() + "' role; the token '"
                    + caller.name() + "' has the '" + caller.role().label() + "' role");
        }
        ctx.attribute(CALLER, caller);
    }

    /** The caller {@link #check} found (let through, or refused for want of a role), or null (open endpoint, no known token). */
    public static Caller caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    /** The role the endpoint needs, or null when it is open to all. */
    public static Role needed(Context ctx) {
        for (RouteRole role : ctx.routeRoles()) {
            if (role instanceof Role needed) return needed;
        }
        return null;
    }

    /** The token of a Bearer header, or the password of a Basic one (what JDBC tools send as user and password). */
    private static String presented(String authorization) {
        if (authorization == null) return null;
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return authorization.substring(7).strip();
        if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
