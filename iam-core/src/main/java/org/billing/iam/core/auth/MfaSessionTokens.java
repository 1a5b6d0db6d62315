package org.billing.iam.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.error.UnauthorizedException;

/**
 * Issues and checks the short-lived token between the password step and the MFA step.
 *
 * <p>Format: {@code base64url(payload) "." base64url(HMAC-SHA256(key, payload))}, where the
 * payload is {@code v2|userId|purpose|expiresEpochSecond|nonce|passwordStamp}. The token is
 * signed, not encrypted: it carries no secret, only the user id and a truncated SHA-256 of the
 * password hash. It grants nothing except the step its purpose names, and only while the
 * password it was issued for is unchanged; see {@link MfaTokenClaims#issuedFor}.
 */
public final class MfaSessionTokens {

    /** Lifetime of a token. */
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    /**
     * Error message for a malformed, forged, expired or other-purpose token, and to a token whose
     * account can no longer take the step.
     */
    public static final String INVALID_TOKEN = "The sign-in step has expired or is invalid. Sign in again.";

    private static final String VERSION = "v2";
    private static final int MAX_TOKEN_LENGTH = 512;
    private static final int NONCE_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;
    private final SecureTokens tokens;

    public MfaSessionTokens(byte[] key, Clock clock, SecureTokens tokens) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.clock = clock;
        this.tokens = tokens;
    }

    /**
     * Issues a token for a user and purpose, valid for {@link #LIFETIME} and only while
     * {@code passwordHash} stays the user's stored password hash.
     */
    public String issue(UUID userId, MfaPurpose purpose, String passwordHash) {
        long expires = clock.instant().plus(LIFETIME).getEpochSecond();
        String nonce = HexFormat.of().formatHex(tokens.bytes(NONCE_BYTES));
        String payload = String.join("|", VERSION, userId.toString(), purpose.value(), Long.toString(expires), nonce,
                MfaTokenClaims.stamp(passwordHash));
        byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payloadBytes) + "." + ENCODER.encodeToString(sign(payloadBytes));
    }

    /**
     * Returns the claims of a valid, unexpired token issued for {@code expected}. The caller
     * still checks {@link MfaTokenClaims#issuedFor} against the stored password hash.
     *
     * @throws UnauthorizedException for a malformed, forged, expired or other-purpose token,
     *     always with the same message
     */
    public MfaTokenClaims verify(String token, MfaPurpose expected) {
        byte[] payload = authenticatedPayload(token);

        String[] fields = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (fields.length != 6 || !VERSION.equals(fields[0])) {
            throw new UnauthorizedException(INVALID_TOKEN);
        }
        try {
            UUID userId = UUID.fromString(fields[1]);
            Instant expires = Instant.ofEpochSecond(Long.parseLong(fields[3]));
            boolean purposeMatches = MfaPurpose.fromValue(fields[2]).filter(expected::equals).isPresent();
            if (!purposeMatches || !clock.instant().isBefore(expires)) {
                throw new UnauthorizedException(INVALID_TOKEN);
            }
            return new MfaTokenClaims(userId, fields[5]);
        } catch (IllegalArgumentException | java.time.DateTimeException e) {
            throw new UnauthorizedException(INVALID_TOKEN);
        }
    }

    /** Splits the token and checks the signature in constant time before anything is parsed. */
    private byte[] authenticatedPayload(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            throw new UnauthorizedException(INVALID_TOKEN);
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw new UnauthorizedException(INVALID_TOKEN);
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new UnauthorizedException(INVALID_TOKEN);
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            throw new UnauthorizedException(INVALID_TOKEN);
        }
        return payload;
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JDK", e);
        }
    }
}
