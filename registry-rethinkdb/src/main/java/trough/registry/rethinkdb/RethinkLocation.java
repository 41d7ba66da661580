package trough.registry.rethinkdb;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the RethinkDB registry is and how its tables are made, from
 * {@code rethinkdb://[user[:password]@]host1[:port],host2[:port]/database[?replicas=3&writeAcks=majority&timeout=10s]}.
 *
 * @param hosts     the servers to try, in order; any of them serves (a RethinkDB cluster routes every query)
 * @param replicas  copies of each table, used when a table is created
 * @param writeAcks {@code majority} (a write returns once most replicas have it) or {@code single}
 * @param timeout   how long to wait for a connection, or for one query's answer
 */
public record RethinkLocation(List<Host> hosts, String database, String user, String password, int replicas, String writeAcks,
                              Duration timeout) {
    public static final String SCHEME = "rethinkdb://";
    /** The password of {@code user:password@} in a URL. */
    private static final Pattern PASSWORD = Pattern.compile("^([a-z]+://[^/@:]*:)[^/@]*@");
    public static final int DEFAULT_PORT = 28015;
    private static final Set<String> PARAMETERS = Set.of("replicas", "writeAcks", "timeout");

    /** One server, as {@code host:port}. */
    public record Host(String name, int port) {
        @Override
        public String toString() {
            return name + ":" + port;
        }
    }

    public RethinkLocation {
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(database, "database");
        if (hosts.isEmpty()) throw new IllegalArgumentException("a RethinkDB registry needs at least one host");
        if (!database.matches("\\w+")) throw new IllegalArgumentException("'" + database + "' is not a RethinkDB database name (letters, digits and _)");
        if (replicas < 1) throw new IllegalArgumentException("replicas must be at least 1, not " + replicas);
        if (!writeAcks.equals("majority") && !writeAcks.equals("single")) {
            throw new IllegalArgumentException("writeAcks is majority or single, not '" + writeAcks + "'");
        }
    }

    public static RethinkLocation parse(String location) {
        // Messages name the URL as given, but never its password: they reach logs and terminals.
        String url = PASSWORD.matcher(location).replaceFirst("$1***@");
        if (!location.startsWith(SCHEME)) throw new IllegalArgumentException("'" + url + "' is not a " + SCHEME + " URL");
        String rest = location.substring(SCHEME.length());
        String query = "";
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 || slash == rest.length() - 1 ? "trough" : rest.substring(slash + 1);

        String user = "admin";
        String password = "";
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String credentials = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = credentials.indexOf(':');
            user = decode(colon < 0 ? credentials : credentials.substring(0, colon));
            password = colon < 0 ? "" : decode(credentials.substring(colon + 1));
        }
        List<Host> hosts = new ArrayList<>();
        for (String host : authority.split(",")) {
            if (host.isBlank()) throw new IllegalArgumentException("'" + url + "' names an empty host");
            hosts.add(host(host.trim(), url));
        }

        Map<String, String> parameters = parameters(query, url);
        return new RethinkLocation(hosts, database, user, password,
                Integer.parseInt(parameters.getOrDefault("replicas", "1")),
                parameters.getOrDefault("writeAcks", "majority"),
                duration(parameters.getOrDefault("timeout", "10s"), url));
    }

    /** The URL without its password, for messages and logs. */
    public String describe() {
        return SCHEME + String.join(",", hosts.stream().map(Host::toString).toList()) + "/" + database;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static Host host(String text, String url) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) return new Host(text, DEFAULT_PORT);
        try {
            return new Host(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' in '" + url + "' has no port number after its ':'");
        }
    }

    private static Map<String, String> parameters(String query, String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query.isEmpty()) return parameters;
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (!PARAMETERS.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + key + "' in '" + url + "'; known: " + PARAMETERS);
            }
            parameters.put(key, equals < 0 ? "" : decode(pair.substring(equals + 1)));
        }
        return parameters;
    }

    private static Duration duration(String text, String url) {
        try {
            if (text.endsWith("ms")) return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            if (text.endsWith("s")) return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
            return Duration.ofSeconds(Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timeout '" + text + "' in '" + url + "' is not a duration such as 10s or 500ms");
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
