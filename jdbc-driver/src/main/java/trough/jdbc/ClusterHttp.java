package trough.jdbc;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import trough.core.client.BusyRetry;
import trough.core.tls.ClientTls;
import trough.core.tls.TlsException;

/**
 * How a {@code jdbc:trough://} URL reaches its workers over HTTP: its credentials on every request, TLS when
 * {@code ssl=true} (with the trust and verification it names), and a busy worker's 503 or a rate limit's 429
 * waited out within the query timeout. The driver and the command-line tools build their clients here.
 */
public record ClusterHttp(OkHttpClient client, List<String> nodes) {
    public static ClusterHttp of(OkHttpClient base, TroughUrl url) throws SQLException {
        OkHttpClient.Builder builder = base.newBuilder()
                .connectTimeout(Duration.ofMillis(url.getInt(ConnectionProperty.CONNECT_TIMEOUT)))
                .addInterceptor(new Credentials(url))
                .addInterceptor(new BusyRetry(Duration.ofSeconds(url.getInt(ConnectionProperty.QUERY_TIMEOUT))));
        boolean ssl = Boolean.parseBoolean(url.get(ConnectionProperty.SSL));
        if (ssl) {
            try {
                clientTls(url).apply(builder);
            } catch (IllegalArgumentException | TlsException e) {
                throw new SQLException(e.getMessage(), "08001", e);
            }
        }
        return new ClusterHttp(builder.build(), url.hosts().stream().map(host -> (ssl ? "https://" : "http://") + host).toList());
    }

    private static ClientTls clientTls(TroughUrl url) {
        String trustStore = url.get(ConnectionProperty.SSL_TRUST_STORE);
        String rootCert = url.get(ConnectionProperty.SSL_ROOT_CERT);
        return new ClientTls(trustStore == null ? null : Path.of(trustStore), url.get(ConnectionProperty.SSL_TRUST_STORE_PASSWORD),
                rootCert == null ? null : Path.of(rootCert), ClientTls.Verification.parse(url.get(ConnectionProperty.SSL_VERIFICATION)));
    }
}
