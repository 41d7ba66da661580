package trough.jdbc;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parsed {@code jdbc:trough:} URL with its properties:
 * <ul>
 *   <li>{@code jdbc:trough:file:/path/to/dir[?key=value&...]}: the segment files of a directory, in process;
 *   <li>{@code jdbc:trough://host:port[,host:port...][/schema][?key=value&...]}: a cluster, through any of its workers.
 * </ul>
 * Properties come from the URL and from {@link Properties}; the URL wins. An unknown property (a connection
 * pool's data-source settings, say) is ignored with a warning in the log.
 */
public record TroughUrl(Path directory, List<String> hosts, Map<ConnectionProperty, String> properties) {
    public static final String PREFIX = "jdbc:trough:";
    private static final Logger LOG = LoggerFactory.getLogger(TroughUrl.class);
    private static final Set<ConnectionProperty> SECRETS = EnumSet.of(ConnectionProperty.PASSWORD, ConnectionProperty.TOKEN,
            ConnectionProperty.SSL_TRUST_STORE_PASSWORD);

    /** This URL as the application may show it: its properties, but no password or token. */
    public String withoutSecrets() {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        properties.forEach((property, value) -> {
            if (!SECRETS.contains(property) && (property != ConnectionProperty.SCHEMA || isEmbedded())) {
                query.add(property.key() + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        if (isEmbedded()) return PREFIX + "file:" + directory + query;
        String schema = properties.get(ConnectionProperty.SCHEMA);
        return PREFIX + "//" + String.join(",", hosts) + (schema == null ? "" : "/" + schema) + query;
    }

    public boolean isEmbedded() {
        return directory != null;
    }

    public String get(ConnectionProperty property) {
        String value = properties.get(property);
        return value != null ? value : property.defaultValue();
    }

    public int getInt(ConnectionProperty property) throws SQLException {
        String value = get(property);
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 1) throw new NumberFormatException();
            return parsed;
        } catch (NumberFormatException e) {
            throw new SQLException("connection property " + property.key() + " must be a positive whole number, not '" + value + "'", "HY024");
        }
    }

    public static TroughUrl parse(String url, Properties info) throws SQLException {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new SQLException("not a Trough URL: '" + url + "'; use jdbc:trough:file:/dir or jdbc:trough://host:port", "08001");
        }
        String rest = url.substring(PREFIX.length());
        String query = null;
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        Map<ConnectionProperty, String> properties = new EnumMap<>(ConnectionProperty.class);
        if (info != null) {
            for (String key : info.stringPropertyNames()) put(properties, key, info.getProperty(key));
        }
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String key = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                put(properties, key, value);
            }
        }
        if (rest.startsWith("file:")) {
            String path = rest.substring("file:".length());
            if (path.startsWith("//")) path = path.substring(2);
            if (path.isEmpty()) throw new SQLException("jdbc:trough:file: needs a directory: jdbc:trough:file:/path/to/segments", "08001");
            return new TroughUrl(Path.of(path), List.of(), properties);
        }
        if (rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            if (slash >= 0) {
                String schema = authority.substring(slash + 1);
                authority = authority.substring(0, slash);
                if (!schema.isEmpty()) properties.putIfAbsent(ConnectionProperty.SCHEMA, schema);
            }
            List<String> hosts = new ArrayList<>();
            for (String host : authority.split(",")) {
                if (!host.isBlank()) hosts.add(host.contains(":") ? host.trim() : host.trim() + ":6444");
            }
            if (hosts.isEmpty()) throw new SQLException("no host in '" + url + "'; use jdbc:trough://host:port", "08001");
            return new TroughUrl(null, List.copyOf(hosts), properties);
        }
        throw new SQLException("cannot read '" + url + "': use jdbc:trough:file:/dir or jdbc:trough://host:port[,host:port][/schema]", "08001");
    }

    private static void put(Map<ConnectionProperty, String> properties, String key, String value) {
        ConnectionProperty property = ConnectionProperty.of(key);
        if (property == null) {
            LOG.warn("ignoring unknown connection property '{}'; known properties: {}", key, ConnectionProperty.knownKeys());
            return;
        }
        properties.put(property, value);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
