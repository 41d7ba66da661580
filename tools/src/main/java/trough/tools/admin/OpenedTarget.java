package trough.tools.admin;

import java.sql.SQLException;
import java.util.Properties;
import trough.jdbc.ConnectionProperty;
import trough.jdbc.TroughUrl;

/**
 * The target a {@code jdbc:trough:} URL names, and the schema the URL names (null when none): a cluster for
 * {@code jdbc:trough://host:port,...}, a directory for {@code jdbc:trough:file:}.
 */
public record OpenedTarget(SegmentTarget target, String schema) {
    /** Opens the URL's target; a malformed URL is an {@link IllegalArgumentException} saying why. */
    public static OpenedTarget of(String url) {
        TroughUrl parsed;
        try {
            parsed = TroughUrl.parse(url, new Properties());
        } catch (SQLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        SegmentTarget target = parsed.isEmbedded() ? new DirectoryTarget(parsed.directory())
                : new ClusterTarget(parsed.hosts().stream().map(host -> "http://" + host).toList());
        return new OpenedTarget(target, parsed.get(ConnectionProperty.SCHEMA));
    }
}
