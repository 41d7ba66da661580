package trough.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javax.net.ssl.SSLException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trough.core.client.WorkerClient;
import trough.core.tls.ClientTls.Verification;
import trough.core.tls.ClientTls;
import trough.worker.security.SecuritySettings;
import trough.worker.security.TestCertificates;
import trough.worker.security.TlsSettings;

/** HTTPS with a self-signed certificate: trusted with the right CA, refused with a wrong one. */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void aPemCertificateServesHttpsThatOnlyItsCaIsTrustedFor() throws Exception {
        TestCertificates worker = TestCertificates.create(dir.resolve("certs"), "worker");
        TestCertificates stranger = TestCertificates.create(dir.resolve("certs"), "stranger");
        TlsSettings tls = TlsSettings.pem(worker.certificate(), worker.privateKey());
        try (TestWorker server = TestWorker.start(dir, config -> config.withSecurity(SecuritySettings.none().withTls(tls)))) {
            assertTrue(server.server.url().startsWith("https://127.0.0.1:"), server.server.url());
            assertEquals(200, status(trusting(new ClientTls(null, null, worker.certificate(), Verification.FULL)), server.server.url()));

            SSLException wrongCa = assertThrows(SSLException.class,
                    () -> status(trusting(new ClientTls(null, null, stranger.certificate(), Verification.FULL)), server.server.url()));
            assertTrue(wrongCa.getMessage().contains("PKIX") || wrongCa.getMessage().contains("certification path"), wrongCa.getMessage());
            assertThrows(SSLException.class, () -> status(WorkerClient.defaultHttpClient(), server.server.url()), "the JDK's CAs do not know it");
            assertEquals(200, status(trusting(new ClientTls(null, null, null, Verification.NONE)), server.server.url()), "NONE checks nothing");
        }
    }

    @Test
    void aKeystoreServesHttpsAndTheHostNameIsChecked() throws Exception {
        TestCertificates elsewhere = TestCertificates.create(dir.resolve("certs"), "worker", "dns:worker.example.net");
        TlsSettings tls = TlsSettings.keystore(elsewhere.keystore(), elsewhere.password());
        try (TestWorker server = TestWorker.start(dir, config -> config.withSecurity(SecuritySettings.none().withTls(tls)))) {
            // The certificate names worker.example.net, reached here as 127.0.0.1: FULL refuses, CA accepts.
            ClientTls full = new ClientTls(elsewhere.keystore(), elsewhere.password(), null, Verification.FULL);
            SSLException wrongName = assertThrows(SSLException.class, () -> status(trusting(full), server.server.url()));
            assertTrue(wrongName.getMessage().contains("127.0.0.1"), wrongName.getMessage());
            assertEquals(200, status(trusting(new ClientTls(elsewhere.keystore(), elsewhere.password(), null, Verification.CA)), server.server.url()));
        }
    }

    private static OkHttpClient trusting(ClientTls tls) {
        return tls.apply(WorkerClient.defaultHttpClient().newBuilder()).build();
    }

    private static int status(OkHttpClient client, String url) throws Exception {
        try (Response response = client.newCall(new Request.Builder().url(url + "/v1/segments").get().build()).execute()) {
            return response.code();
        }
    }
}
