package trough.tools.admin;

import java.sql.SQLException;
import java.util.Properties;
import trough.core.client.WorkerClient;
import trough.jdbc.ClusterHttp;
import trough.jdbc.ConnectionProperty;
import trough.jdbc.TroughUrl;

/**
 * The target a {@code jdbc:trough:} URL names, the schema the URL names (null when none), and the connection
 * properties to open it with through JDBC: a cluster for {@code jdbc:trough://host:port,...} (reached with the
 * URL's token and TLS settings), a directory for {@code jdbc:trough:file:}.
 */
public record OpenedTarget(SegmentTarget target, String schema, Properties properties) {
    /** Opens the URL's target; a malformed URL is an {@link IllegalArgumentException} saying why. */
    public static OpenedTarget of(String url) {
        return of(url, null);
    }

    /** {@link #of(String)}, presenting {@code token} (when not null) to the cluster's workers. */
    public static OpenedTarget of(String url, String token) {
        Properties properties = new Properties();
        if (token != null && !token.isBlank()) properties.setProperty(ConnectionProperty.TOKEN.key(), token);
        try {
            TroughUrl parsed = TroughUrl.parse(url, properties);
            SegmentTarget target = parsed.isEmbedded() ? new DirectoryTarget(parsed.directory())
                    : new ClusterTarget(ClusterHttp.of(WorkerClient.defaultHttpClient(), parsed));
            return new OpenedTarget(target, parsed.get(ConnectionProperty.SCHEMA), properties);
        } catch (SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
