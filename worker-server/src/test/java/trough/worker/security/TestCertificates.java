package trough.worker.security;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate (for 127.0.0.1 and localhost unless told otherwise), made by the JDK's own keytool: a PKCS#12 keystore,
 * the certificate as PEM (what a client trusts) and the key as PEM (for the worker's PEM settings).
 */
public record TestCertificates(Path keystore, String password, Path certificate, Path privateKey) {
    public static TestCertificates create(Path dir, String name) throws Exception {
        return create(dir, name, "ip:127.0.0.1,dns:localhost");
    }

    /** A certificate for the names of {@code subjectAlternativeNames} only, in keytool's syntax. */
    public static TestCertificates create(Path dir, String name, String subjectAlternativeNames) throws Exception {
        Files.createDirectories(dir);
        Path keystore = dir.resolve(name + ".p12");
        Path certificate = dir.resolve(name + ".crt");
        Path privateKey = dir.resolve(name + ".key");
        String password = "secret-" + name;
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=" + subjectAlternativeNames, "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", keystore.toString(), "-storepass", password, "-file", certificate.toString());
        KeyStore store = KeyStore.getInstance(keystore.toFile(), password.toCharArray());
        Key key = store.getKey(name, password.toCharArray());
        try (Writer out = Files.newBufferedWriter(privateKey, StandardCharsets.US_ASCII)) {
            out.write("-----BEGIN PRIVATE KEY-----\n");
            out.write(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded()));
            out.write("\n-----END PRIVATE KEY-----\n");
        }
        return new TestCertificates(keystore, password, certificate, privateKey);
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) throw new IOException("keytool failed: " + output);
    }
}
