package org.billing.iam.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;
import org.billing.iam.core.crypto.Sha256;

/**
 * The contents of a verified MFA session token.
 *
 * @param userId the user who passed the password step
 * @param passwordStamp the first 32 hex characters of the SHA-256 of the user's password hash
 *     when the token was issued
 */
public record MfaTokenClaims(UUID userId, String passwordStamp) {

    private static final int STAMP_LENGTH = 32;

    /**
     * Returns whether the token was issued while {@code passwordHash} was the account's password
     * hash. A password reset since then makes it false, so a token obtained with the old
     * password stops working.
     */
    public boolean issuedFor(String passwordHash) {
        return passwordHash != null && MessageDigest.isEqual(
                stamp(passwordHash).getBytes(StandardCharsets.US_ASCII),
                passwordStamp.getBytes(StandardCharsets.US_ASCII));
    }

    static String stamp(String passwordHash) {
        return Sha256.hex(passwordHash).substring(0, STAMP_LENGTH);
    }
}
