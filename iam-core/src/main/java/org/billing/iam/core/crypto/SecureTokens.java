package org.billing.iam.core.crypto;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Random tokens from a CSPRNG. */
public final class SecureTokens {

    private final SecureRandom random;

    public SecureTokens(SecureRandom random) {
        this.random = random;
    }

    public SecureTokens() {
        this(new SecureRandom());
    }

    /** Returns 32 random bytes as 64 lower-case hex characters: a session or one-time token. */
    public String hexToken() {
        return HexFormat.of().formatHex(bytes(32));
    }

    /**
     * Returns a random version-4 UUID (RFC 9562 section 5.4) in lower-case canonical form: an
     * invitation token with 122 random bits.
     */
    public String uuidToken() {
        byte[] bytes = bytes(16);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }

    /** Returns {@code length} random bytes. */
    public byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Returns a uniformly random int in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /**
     * Returns whether {@code token} has the form {@link #hexToken()} produces: 64 lower-case
     * hex characters. A loop, because every authenticated request checks its cookie this way.
     */
    public static boolean isHexToken(String token) {
        if (token == null || token.length() != 64) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }
}
