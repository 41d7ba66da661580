package trough.worker.security;

import java.nio.file.Path;

/**
 * The certificate a worker serves HTTPS with: a PEM certificate chain and its PEM (PKCS#8) private key, or a
 * PKCS#12 or JKS keystore and its password.
 */
public record TlsSettings(Path certificate, Path privateKey, Path keystore, String keystorePassword) {
    public TlsSettings {
        boolean pem = certificate != null || privateKey != null;
        if (pem && keystore != null) throw new IllegalArgumentException("give tls.certificate and tls.key, or tls.keystore, not both");
        if (pem && (certificate == null || privateKey == null)) throw new IllegalArgumentException("tls.certificate and tls.key go together");
        if (!pem && keystore == null) throw new IllegalArgumentException("TLS needs tls.certificate and tls.key, or tls.keystore");
    }

    public static TlsSettings pem(Path certificate, Path privateKey) {
        return new TlsSettings(certificate, privateKey, null, null);
    }

    public static TlsSettings keystore(Path keystore, String password) {
        return new TlsSettings(null, null, keystore, password == null ? "" : password);
    }

    @Override
    public String toString() {
        return keystore != null ? "keystore " + keystore : "certificate " + certificate;
    }
}
