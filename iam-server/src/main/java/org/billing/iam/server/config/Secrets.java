package org.billing.iam.server.config;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The two keys the service needs. Both are written as lower- or upper-case hex text.
 * {@link #toString()} never shows them.
 *
 * @param totpEncryptionKey AES-256-GCM key that encrypts TOTP secrets at rest, 32 bytes
 * @param sessionSecret HMAC-SHA256 key that signs the short-lived token between the password
 *     step and the MFA step, at least 32 bytes
 */
public record Secrets(byte[] totpEncryptionKey, byte[] sessionSecret) {

    /** Environment variable of the TOTP encryption key: exactly 64 hex characters. */
    public static final String TOTP_ENCRYPTION_KEY = "IAM_TOTP_ENCRYPTION_KEY";

    /** Environment variable of the session secret: at least 64 hex characters. */
    public static final String SESSION_SECRET = "IAM_SESSION_SECRET";

    /** Length of the TOTP encryption key in bytes (AES-256). */
    public static final int TOTP_KEY_BYTES = 32;

    /** Minimum length of the session secret in bytes; 32 bytes match the HMAC-SHA256 output size. */
    public static final int MIN_SESSION_SECRET_BYTES = 32;

    /** Maximum length of the session secret in bytes; longer HMAC keys are hashed down anyway. */
    public static final int MAX_SESSION_SECRET_BYTES = 512;

    public Secrets {
        totpEncryptionKey = totpEncryptionKey.clone();
        sessionSecret = sessionSecret.clone();
    }

    @Override
    public byte[] totpEncryptionKey() {
        return totpEncryptionKey.clone();
    }

    @Override
    public byte[] sessionSecret() {
        return sessionSecret.clone();
    }

    /**
     * Decodes the TOTP encryption key.
     *
     * @param source where the value came from, for the error message, such as the variable name
     * @throws ConfigException naming {@code source} without quoting the value
     */
    static byte[] parseTotpKey(String text, String source) {
        byte[] key = parseHex(text, source);
        if (key.length != TOTP_KEY_BYTES) {
            throw new ConfigException(source + " must be exactly " + 2 * TOTP_KEY_BYTES
                    + " hex characters (" + TOTP_KEY_BYTES + " bytes); generate one with: openssl rand -hex 32");
        }
        return key;
    }

    /** Decodes the session secret; see {@link #parseTotpKey} for the error contract. */
    static byte[] parseSessionSecret(String text, String source) {
        byte[] secret = parseHex(text, source);
        if (secret.length < MIN_SESSION_SECRET_BYTES || secret.length > MAX_SESSION_SECRET_BYTES) {
            throw new ConfigException(source + " must be " + 2 * MIN_SESSION_SECRET_BYTES + " to "
                    + 2 * MAX_SESSION_SECRET_BYTES + " hex characters (at least " + MIN_SESSION_SECRET_BYTES
                    + " bytes); generate one with: openssl rand -hex 32");
        }
        return secret;
    }

    private static byte[] parseHex(String text, String source) {
        String trimmed = text.strip();
        boolean hex = trimmed.length() % 2 == 0
                && trimmed.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
        if (!hex) {
            throw new ConfigException(source + " must be hex text: digits 0-9 and letters a-f, an even number"
                    + " of characters; generate one with: openssl rand -hex 32");
        }
        return HexFormat.of().parseHex(trimmed);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secrets that
                && Arrays.equals(totpEncryptionKey, that.totpEncryptionKey)
                && Arrays.equals(sessionSecret, that.sessionSecret);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(totpEncryptionKey) + Arrays.hashCode(sessionSecret);
    }

    @Override
    public String toString() {
        return "Secrets[(hidden)]";
    }
}
