package org.billing.iam.core.crypto;

import java.nio.charset.StandardCharsets;

/**
 * Builds {@code otpauth://totp/} enrolment URIs in the layout of Google Authenticator's
 * Key Uri Format, percent-encoding the label the way JavaScript's encodeURIComponent does.
 */
public final class OtpauthUri {

    private static final String UNRESERVED =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()";

    private OtpauthUri() {
    }

    /** Returns the enrolment URI for an issuer, an account name and a base32 secret. */
    public static String of(String issuer, String accountName, String secretBase32) {
        String encodedIssuer = encode(issuer);
        return "otpauth://totp/" + encodedIssuer + ":" + encode(accountName)
                + "?secret=" + secretBase32
                + "&issuer=" + encodedIssuer
                + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.PERIOD_SECONDS;
    }

    /** Percent-encodes every byte of the UTF-8 form except the unreserved characters, in upper-case hex. */
    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 128 && UNRESERVED.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >>> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
