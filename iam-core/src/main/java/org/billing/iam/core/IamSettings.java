package org.billing.iam.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * Configuration of the domain services.
 *
 * @param publicUrl base of links in emails, such as {@code https://billing.example.org};
 *     a trailing slash is removed
 * @param totpIssuer issuer name shown in authenticator apps
 * @param mfaTokenKey HMAC-SHA256 key that signs the token between the password and MFA
 *     steps, at least 32 bytes; copied in and out
 */
public record IamSettings(String publicUrl, String totpIssuer, byte[] mfaTokenKey) {

    /** Issuer shown in authenticator apps unless configured otherwise. */
    public static final String DEFAULT_TOTP_ISSUER = "Physician Billing";
    /** Shortest accepted MFA token key, in bytes: the HMAC-SHA256 output size. */
    public static final int MIN_MFA_TOKEN_KEY_BYTES = 32;

    public IamSettings {
        Objects.requireNonNull(publicUrl, "publicUrl");
        if (!publicUrl.startsWith("https://") && !publicUrl.startsWith("http://")) {
            throw new IllegalArgumentException("publicUrl must start with https:// or http://");
        }
        while (publicUrl.endsWith("/")) {
            publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        }
        totpIssuer = totpIssuer == null || totpIssuer.isBlank() ? DEFAULT_TOTP_ISSUER : totpIssuer;
        Objects.requireNonNull(mfaTokenKey, "mfaTokenKey");
        if (mfaTokenKey.length < MIN_MFA_TOKEN_KEY_BYTES) {
            throw new IllegalArgumentException("mfaTokenKey must be at least "
                    + MIN_MFA_TOKEN_KEY_BYTES + " bytes, got " + mfaTokenKey.length);
        }
        mfaTokenKey = mfaTokenKey.clone();
    }

    /** Creates settings with the default TOTP issuer. */
    public IamSettings(String publicUrl, byte[] mfaTokenKey) {
        this(publicUrl, DEFAULT_TOTP_ISSUER, mfaTokenKey);
    }

    @Override
    public byte[] mfaTokenKey() {
        return mfaTokenKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IamSettings that
                && publicUrl.equals(that.publicUrl)
                && totpIssuer.equals(that.totpIssuer)
                && Arrays.equals(mfaTokenKey, that.mfaTokenKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(publicUrl, totpIssuer, Arrays.hashCode(mfaTokenKey));
    }

    /** Returns a description without the key. */
    @Override
    public String toString() {
        return "IamSettings[publicUrl=" + publicUrl + ", totpIssuer=" + totpIssuer + "]";
    }
}
