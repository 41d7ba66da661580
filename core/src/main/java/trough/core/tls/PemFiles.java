package trough.core.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * PEM files, as operators get them from their CA or from openssl: certificate chains, PKCS#8 private keys,
 * and keystores of either kind, loaded into the JDK's types. Failures name the file and what was expected.
 */
public final class PemFiles {
    private static final String BEGIN_KEY = "-----BEGIN PRIVATE KEY-----";
    private static final String END_KEY = "-----END PRIVATE KEY-----";

    private PemFiles() {}

    public static List<Certificate> certificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<Certificate> certificates = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certificates.isEmpty()) throw new TlsException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("cannot read the certificates in " + file + ": " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 key ({@code -----BEGIN PRIVATE KEY-----}), RSA or EC. */
    public static PrivateKey privateKey(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsException("cannot read the private key " + file + ": " + e.getMessage(), e);
        }
        int begin = text.indexOf(BEGIN_KEY);
        int end = text.indexOf(END_KEY);
        if (begin < 0 || end < begin) {
            throw new TlsException(file + " holds no PKCS#8 private key (-----BEGIN PRIVATE KEY-----); convert one with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8'");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN_KEY.length(), end));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException tryNext) {
                // The PKCS#8 wrapper names the algorithm, but the JDK wants it chosen up front.
            }
        }
        throw new TlsException(file + " holds a private key that is not RSA, EC or Ed25519");
    }

    /** A keystore holding one key entry: the key and its certificate chain. */
    public static KeyStore keyStore(Path certificateChain, Path privateKey, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("trough", privateKey(privateKey), password, certificates(certificateChain).toArray(Certificate[]::new));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("cannot pair the key " + privateKey + " with the certificate " + certificateChain + ": " + e.getMessage(), e);
        }
    }

    /** A keystore of trusted certificates (CAs, or a self-signed server certificate). */
    public static KeyStore trustStore(Path certificates) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates(certificates)) store.setCertificateEntry("ca-" + n++, certificate);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("cannot trust the certificates in " + certificates + ": " + e.getMessage(), e);
        }
    }

    /** A PKCS#12 or JKS keystore file (the JDK tells them apart by content). */
    public static KeyStore load(Path file, String password) {
        try {
            return KeyStore.getInstance(file.toFile(), password == null ? null : password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("cannot open the keystore " + file + " (PKCS#12 or JKS, with this password?): " + e.getMessage(), e);
        }
    }
}
