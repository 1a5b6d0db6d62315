package org.billing.iam.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests of token strings, as stored at rest. */
public final class Sha256 {

    /**
     * One digest per thread, because the session check hashes a token on every request and
     * {@link MessageDigest#getInstance} searches the security providers on each call.
     * {@link MessageDigest#digest(byte[])} resets the digest, so no state carries over.
     */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

    private Sha256() {
    }

    /**
     * Returns the lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. Tokens are
     * hashed as the string the client has (64 hex characters or a 36-character UUID),
     * not as decoded bytes, which is the format of the existing data.
     */
    public static String hex(String text) {
        byte[] digest = DIGEST.get().digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
