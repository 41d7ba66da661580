package trough.sync.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The checksum recorded for every promoted file, spelled {@code sha256:<hex>} so that others can follow. */
final class Sha256 {
    static final String PREFIX = "sha256:";

    private Sha256() {}

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String format(MessageDigest digest) {
        return PREFIX + HexFormat.of().formatHex(digest.digest());
    }
}
