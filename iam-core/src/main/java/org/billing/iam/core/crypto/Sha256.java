package org.billing.iam.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests of token strings, as stored at rest. */
public final class Sha256 {

    private Sha256() {
    }

    /**
     * Returns the lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. Tokens are
     * hashed as the string the client has (64 hex characters or a 36-character UUID),
     * not as decoded bytes, which is the format of the existing data.
     */
    public static String hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
