package trough.core.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * How a client checks the workers' certificates: against a truststore or a PEM CA file (or the JDK's CAs
 * when neither is given), and with the verification Trino's driver names: {@code FULL} (the chain and the
 * host name), {@code CA} (the chain only) or {@code NONE} (nothing: for tests only).
 */
public record ClientTls(Path trustStore, String trustStorePassword, Path caCertificates, Verification verification) {
    public enum Verification {
        FULL, CA, NONE;

        public static Verification parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sslVerification is FULL, CA or NONE, not '" + text + "'");
            }
        }
    }

    public ClientTls {
        if (verification == null) verification = Verification.FULL;
        if (trustStore != null && caCertificates != null) {
            throw new IllegalArgumentException("give a truststore or a PEM CA file, not both");
        }
    }

    /** The client, speaking TLS as these settings say. */
    public OkHttpClient.Builder apply(OkHttpClient.Builder client) {
        X509TrustManager trust = verification == Verification.NONE ? new TrustingEverything() : trustManager();
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, new SecureRandom());
            client.sslSocketFactory(context.getSocketFactory(), trust);
        } catch (GeneralSecurityException e) {
            throw new TlsException("cannot set up TLS: " + e.getMessage(), e);
        }
        if (verification != Verification.FULL) client.hostnameVerifier((host, session) -> true);
        return client;
    }

    private X509TrustManager trustManager() {
        KeyStore store = trustStore != null ? PemFiles.load(trustStore, trustStorePassword)
                : caCertificates != null ? PemFiles.trustStore(caCertificates) : null;
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) return x509;
            }
            throw new TlsException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new TlsException("cannot use the trusted certificates: " + e.getMessage(), e);
        }
    }

    /** sslVerification=NONE: any certificate passes; the connection is encrypted but not authenticated. */
    private static final class TrustingEverything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
