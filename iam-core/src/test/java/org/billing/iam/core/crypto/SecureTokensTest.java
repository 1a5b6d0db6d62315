package org.billing.iam.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecureTokensTest {

    @Test
    void hexTokenIs64LowerCaseHexCharacters() {
        SecureTokens tokens = new SecureTokens();

        String token = tokens.hexToken();

        assertTrue(token.matches("[0-9a-f]{64}"), token);
        assertNotEquals(token, tokens.hexToken());
    }

    @Test
    void uuidTokenIsVersion4FromInjectedRandom() {
        SecureTokens tokens = new SecureTokens(new FixedRandom((byte) 0xff));

        String token = tokens.uuidToken();
        UUID parsed = UUID.fromString(token);

        assertEquals("ffffffff-ffff-4fff-bfff-ffffffffffff", token);
        assertEquals(4, parsed.version());
        assertEquals(2, parsed.variant());
    }

    @Test
    void uuidTokenSetsVersionBits() {
        SecureTokens tokens = new SecureTokens(new FixedRandom((byte) 0));

        assertEquals("00000000-0000-4000-8000-000000000000", tokens.uuidToken());
    }

    @Test
    void uuidTokenIsLowerCaseCanonical() {
        String token = new SecureTokens().uuidToken();

        assertTrue(token.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), token);
    }

    /** A random source that returns the same byte every time. */
    static final class FixedRandom extends SecureRandom {

        private static final long serialVersionUID = 1L;
        private final byte value;

        FixedRandom(byte value) {
            this.value = value;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, value);
        }
    }

    @Test
    void hexTokenFormatCheck() {
        SecureTokens tokens = new SecureTokens();

        assertThat(SecureTokens.isHexToken(tokens.hexToken())).isTrue();
        assertThat(SecureTokens.isHexToken("0123456789abcdef".repeat(4))).isTrue();
        for (String malformed : new String[] {null, "", "abc", "0".repeat(63), "0".repeat(65), "A".repeat(64),
                "g".repeat(64), "0".repeat(63) + "/", "0".repeat(63) + ":", "0".repeat(63) + "`", "0".repeat(63) + "\u0660"}) {
            assertThat(SecureTokens.isHexToken(malformed)).as(String.valueOf(malformed)).isFalse();
        }
    }
}
