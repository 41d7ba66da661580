package trough.worker.security;

/** Who made a request: the name of the token it presented (never the token), and that token's role. */
public record Caller(String name, Role role) {
    /** Every caller of a worker that checks no tokens. */
    public static final Caller ANONYMOUS = new Caller("anonymous", Role.ADMIN);
}
