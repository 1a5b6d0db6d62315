package org.billing.iam.core.crypto;

import static org.billing.iam.core.crypto.TestVectors.eachEntry;
import static org.billing.iam.core.crypto.TestVectors.entries;
import static org.billing.iam.core.crypto.TestVectors.hex;
import static org.billing.iam.core.crypto.TestVectors.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class TotpSecretCipherTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String KEY_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @Test
    void vectorSectionHeaderMatchesFormat() {
        JsonNode section = TestVectors.root().path("totp_secret_encryption");

        assertEquals("AES-256-GCM", text(section, "cipher"));
        assertEquals(32, TestVectors.number(section, "key_length_bytes"));
        assertEquals(12, TestVectors.number(section, "iv_length_bytes"));
        assertEquals(16, TestVectors.number(section, "auth_tag_length_bytes"));
    }

    @TestFactory
    Stream<DynamicTest> vectorDecrypts() {
        return eachEntry(entries("totp_secret_encryption", "vectors"), "decrypts to secret_base32", entry -> () -> {
            assertEquals("decrypts", text(entry, "expected"));
            TotpSecretCipher cipher = TotpSecretCipher.fromHex(text(entry, "key_hex"));

            String secret = cipher.decrypt(text(entry, "encrypted"));

            assertEquals(text(entry, "secret_base32"), secret);
            assertArrayEquals(hex(entry, "plaintext_utf8_hex"), secret.getBytes(StandardCharsets.UTF_8));
        });
    }

    @TestFactory
    Stream<DynamicTest> vectorEncryptWithSameIvGivesStoredForm() {
        return eachEntry(entries("totp_secret_encryption", "vectors"), "encrypts to the stored form", entry -> () -> {
            TotpSecretCipher cipher = new TotpSecretCipher(hex(entry, "key_hex"), new FixedIv(hex(entry, "iv_hex")));

            String stored = cipher.encrypt(text(entry, "secret_base32"));

            assertEquals(text(entry, "encrypted"), stored);
            assertEquals(text(entry, "iv_hex") + ":" + text(entry, "auth_tag_hex") + ":"
                    + text(entry, "ciphertext_hex"), stored);
        });
    }

    @TestFactory
    Stream<DynamicTest> vectorTamperedFailsAuthentication() {
        return eachEntry(entries("totp_secret_encryption", "tampered_vectors"), "fails authentication", entry -> () -> {
            assertEquals("decryption_fails", text(entry, "expected"));
            TotpSecretCipher cipher = TotpSecretCipher.fromHex(text(entry, "key_hex"));
            AtomicReference<String> returned = new AtomicReference<>();

            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> returned.set(cipher.decrypt(text(entry, "encrypted"))));

            assertEquals(null, returned.get());
            assertTrue(error.getCause() instanceof AEADBadTagException, String.valueOf(error.getCause()));
            assertFalse(error.getMessage().contains(text(entry, "ciphertext_hex")));
        });
    }

    @Test
    void roundTripUsesFreshIvAndStoredForm() {
        TotpSecretCipher cipher = new TotpSecretCipher(HEX.parseHex(KEY_HEX), new SecureRandom());

        String first = cipher.encrypt(SECRET);
        String second = cipher.encrypt(SECRET);

        assertTrue(first.matches("[0-9a-f]{24}:[0-9a-f]{32}:[0-9a-f]{64}"), first);
        assertNotEquals(first.substring(0, 24), second.substring(0, 24));
        assertEquals(SECRET, cipher.decrypt(first));
        assertEquals(SECRET, cipher.decrypt(second));
    }

    @Test
    void everySingleBitFlipFailsAuthentication() {
        TotpSecretCipher cipher = new TotpSecretCipher(HEX.parseHex(KEY_HEX), new SecureRandom());
        String stored = cipher.encrypt(SECRET);

        for (int i = 0; i < stored.length(); i++) {
            if (stored.charAt(i) == ':') {
                continue;
            }
            int nibble = Character.digit(stored.charAt(i), 16) ^ 1;
            String tampered = stored.substring(0, i) + Character.forDigit(nibble, 16) + stored.substring(i + 1);
            assertThrows(IllegalArgumentException.class, () -> cipher.decrypt(tampered), "index " + i);
        }
    }

    @Test
    void wrongKeyFailsAuthentication() {
        String stored = TotpSecretCipher.fromHex(KEY_HEX).encrypt(SECRET);
        TotpSecretCipher other = TotpSecretCipher.fromHex(KEY_HEX.replace('0', 'f'));

        assertThrows(IllegalArgumentException.class, () -> other.decrypt(stored));
    }

    @Test
    void malformedStoredValueIsRejectedWithoutEchoingIt() {
        TotpSecretCipher cipher = TotpSecretCipher.fromHex(KEY_HEX);
        String valid = cipher.encrypt(SECRET);
        String[] parts = valid.split(":");
        String[] malformed = {
            null, "", "::", parts[0] + ":" + parts[1], valid + ":00", parts[0] + ":" + parts[1] + ":" + parts[2] + "0",
            parts[0] + "00:" + parts[1] + ":" + parts[2], parts[0] + ":" + parts[1] + "00:" + parts[2],
            parts[0] + ":" + parts[1] + ":" + parts[2].replace(parts[2].charAt(0), 'g'),
            parts[1] + ":" + parts[2] + ":" + parts[0], " " + valid,
        };

        for (String value : malformed) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> cipher.decrypt(value),
                    String.valueOf(value));
            assertFalse(value != null && !value.isEmpty() && error.getMessage().contains(value), error.getMessage());
        }
    }

    @Test
    void upperCaseHexIsAccepted() {
        TotpSecretCipher cipher = TotpSecretCipher.fromHex(KEY_HEX);

        assertEquals(SECRET, cipher.decrypt(cipher.encrypt(SECRET).toUpperCase()));
    }

    @Test
    void keyOfWrongLengthIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TotpSecretCipher(new byte[31], new SecureRandom()));
        assertThrows(IllegalArgumentException.class, () -> TotpSecretCipher.fromHex(KEY_HEX.substring(2)));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TotpSecretCipher.fromHex(KEY_HEX + "zz"));
        assertFalse(error.getMessage().contains(KEY_HEX));
    }

    /** A random source that fills the GCM IV with fixed bytes, to reproduce stored values. */
    private static final class FixedIv extends SecureRandom {

        private static final long serialVersionUID = 1L;
        private final byte[] iv;

        FixedIv(byte[] iv) {
            this.iv = iv.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            assertEquals(iv.length, bytes.length, "IV length");
            System.arraycopy(iv, 0, bytes, 0, bytes.length);
        }
    }
}
