package trough.worker.security;

import java.nio.file.Path;

/**
 * Who may use a worker and what is written down.
 *
 * @param tokensFile the tokens accepted ({@link TokenFile}), or null to accept every request: only allowed on a
 *                   loopback address unless {@code insecure}
 * @param auditLog   where one line per change is appended, or null for no audit log
 * @param insecure   serve a non-loopback address without tokens, knowingly
 * @param tls        the certificate to serve HTTPS with, or null for plain HTTP
 */
public record SecuritySettings(Path tokensFile, Path auditLog, boolean insecure, TlsSettings tls) {
    public static SecuritySettings none() {
        return new SecuritySettings(null, null, false, null);
    }

    public SecuritySettings withTokens(Path file) {
        return new SecuritySettings(file, auditLog, insecure, tls);
    }

    public SecuritySettings withAuditLog(Path file) {
        return new SecuritySettings(tokensFile, file, insecure, tls);
    }

    public SecuritySettings withInsecure(boolean allowed) {
        return new SecuritySettings(tokensFile, auditLog, allowed, tls);
    }

    public SecuritySettings withTls(TlsSettings settings) {
        return new SecuritySettings(tokensFile, auditLog, insecure, settings);
    }
}
