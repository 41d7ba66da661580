package trough.worker.security;

import java.security.KeyStore;
import java.util.UUID;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import trough.core.tls.PemFiles;

/** The worker's HTTPS listener, made from its {@link TlsSettings}; it replaces the plain HTTP one. */
public final class HttpsConnector {
    private HttpsConnector() {}

    public static Connector create(Server server, HttpConfiguration http, TlsSettings tls, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        if (tls.keystore() != null) {
            ssl.setKeyStore(PemFiles.load(tls.keystore(), tls.keystorePassword()));
            ssl.setKeyStorePassword(tls.keystorePassword());
        } else {
            // The PEM pair becomes an in-memory keystore; its password protects nothing on disk.
            String password = UUID.randomUUID().toString();
            KeyStore store = PemFiles.keyStore(tls.certificate(), tls.privateKey(), password.toCharArray());
            ssl.setKeyStore(store);
            ssl.setKeyStorePassword(password);
        }
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients reach workers by IP address as often as by name: SNI is not checked against the certificate.
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
