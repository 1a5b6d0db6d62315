package org.billing.iam.core.mfa;

/**
 * A TOTP secret awaiting its first code, shown once to the user enrolling.
 *
 * @param qrCodeUri {@code otpauth://} URI to render as a QR code
 * @param manualKey the base32 secret, for typing into an authenticator app
 */
public record MfaSetup(String qrCodeUri, String manualKey) {

    /** Returns a description without the secret. */
    @Override
    public String toString() {
        return "MfaSetup[secret hidden]";
    }
}
