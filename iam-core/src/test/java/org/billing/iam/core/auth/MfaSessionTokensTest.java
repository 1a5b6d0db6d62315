package org.billing.iam.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.testing.MutableClock;
import org.junit.jupiter.api.Test;

class MfaSessionTokensTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static final String PASSWORD_HASH = "$argon2id$v=19$m=256,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo";

    private final MutableClock clock = new MutableClock();
    private final MfaSessionTokens tokens = new MfaSessionTokens(KEY, clock, new SecureTokens());
    private final UUID userId = UUID.randomUUID();

    @Test
    void tokenCarriesUserForItsPurpose() {
        String token = tokens.issue(userId, MfaPurpose.MFA, PASSWORD_HASH);

        assertThat(tokens.verify(token, MfaPurpose.MFA).userId()).isEqualTo(userId);
    }

    @Test
    void tokenBoundToPasswordHashAtIssue() {
        MfaTokenClaims claims = tokens.verify(tokens.issue(userId, MfaPurpose.MFA, PASSWORD_HASH), MfaPurpose.MFA);

        assertThat(claims.issuedFor(PASSWORD_HASH)).isTrue();
        assertThat(claims.issuedFor(PASSWORD_HASH.replace("aGFz", "bGFz"))).isFalse();
        assertThat(claims.issuedFor(null)).isFalse();
    }

    @Test
    void tokenForOtherPurposeRejected() {
        String token = tokens.issue(userId, MfaPurpose.MFA_SETUP, PASSWORD_HASH);

        assertRejected(token, MfaPurpose.MFA);
    }

    @Test
    void tokenExpiresAfterFiveMinutes() {
        String token = tokens.issue(userId, MfaPurpose.MFA, PASSWORD_HASH);

        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(tokens.verify(token, MfaPurpose.MFA).userId()).isEqualTo(userId);
        clock.advance(Duration.ofSeconds(1));
        assertRejected(token, MfaPurpose.MFA);
    }

    @Test
    void changedPayloadRejected() {
        String token = tokens.issue(userId, MfaPurpose.MFA_SETUP, PASSWORD_HASH);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String forged = payload.replace("|mfa_setup|", "|mfa|");
        String forgedToken = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(forged.getBytes(StandardCharsets.UTF_8)) + "." + parts[1];

        assertRejected(forgedToken, MfaPurpose.MFA);
    }

    @Test
    void changedSignatureRejected() {
        String token = tokens.issue(userId, MfaPurpose.MFA, PASSWORD_HASH);
        char last = token.charAt(token.length() - 2);
        String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A')
                + token.charAt(token.length() - 1);

        assertRejected(tampered, MfaPurpose.MFA);
    }

    @Test
    void tokenFromOtherKeyRejected() {
        byte[] otherKey = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
        String token = new MfaSessionTokens(otherKey, clock, new SecureTokens()).issue(userId, MfaPurpose.MFA, PASSWORD_HASH);

        assertRejected(token, MfaPurpose.MFA);
    }

    @Test
    void malformedTokensRejected() {
        for (String token : new String[] {null, "", ".", "abc", "a.b.c", "!!!.???", "x".repeat(600)}) {
            assertRejected(token, MfaPurpose.MFA);
        }
    }

    @Test
    void eachTokenIsUnique() {
        assertThat(tokens.issue(userId, MfaPurpose.MFA, PASSWORD_HASH)).isNotEqualTo(tokens.issue(userId, MfaPurpose.MFA, PASSWORD_HASH));
    }

    private void assertRejected(String token, MfaPurpose purpose) {
        assertThatThrownBy(() -> tokens.verify(token, purpose))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage(MfaSessionTokens.INVALID_TOKEN);
    }
}
