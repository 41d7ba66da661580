package trough.sync.placement;

import java.nio.charset.StandardCharsets;

/**
 * The ring's 64-bit hash: FNV-1a over the UTF-8 bytes, then MurmurHash3's finalizer so that ids differing
 * in one character land far apart. Stable across JVMs and versions: placement must not move when a node
 * restarts.
 */
final class RingHash {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private RingHash() {}

    static long of(String text) {
        long hash = FNV_OFFSET;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        hash *= 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash;
    }
}
