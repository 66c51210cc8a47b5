package dev.tramontane.webapp.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

/**
 * The configured API keys, held only as SHA-256 digests. A presented key is hashed and compared
 * with every digest in constant time (no early exit), so neither the keys nor timing leak which
 * prefix matched. A match is named by position ({@code key-1}, …) for logs and rate limits.
 */
public final class ApiKeys {

    private final List<byte[]> digests;

    public ApiKeys(List<String> keys) {
        this.digests = keys.stream().map(ApiKeys::sha256).toList();
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** The matching key's name ({@code key-N}), or empty. */
    public Optional<String> match(String presented) {
        byte[] candidate = sha256(presented);
        int found = -1;
        for (int i = 0; i < digests.size(); i++) {
            if (MessageDigest.isEqual(digests.get(i), candidate) && found < 0) {
                found = i;
            }
        }
        return found < 0 ? Optional.empty() : Optional.of("key-" + (found + 1));
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java SE platform must provide", e);
        }
    }
}
