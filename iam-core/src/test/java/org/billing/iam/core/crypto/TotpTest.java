package org.billing.iam.core.crypto;

import static org.billing.iam.core.crypto.TestVectors.entries;
import static org.billing.iam.core.crypto.TestVectors.hex;
import static org.billing.iam.core.crypto.TestVectors.number;
import static org.billing.iam.core.crypto.TestVectors.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class TotpTest {

    private static final String SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    @Test
    void vectorSectionHeaderMatchesSettings() {
        JsonNode section = TestVectors.root().path("totp");

        assertEquals("SHA1", text(section, "algorithm"));
        assertEquals(Totp.DIGITS, number(section, "digits"));
        assertEquals(Totp.PERIOD_SECONDS, number(section, "period_seconds"));
        assertEquals(0, number(section, "t0"));
    }

    @TestFactory
    Stream<DynamicTest> vectorCodes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : entries("totp", "vectors")) {
            String secret = text(entry, "secret_base32");
            for (JsonNode code : entry.path("codes")) {
                long time = number(code, "unix_time");
                tests.add(TestVectors.named(text(entry, "id") + " at " + time, () -> {
                    Totp totp = new Totp(fixedClock(time));

                    assertEquals(number(code, "counter"), totp.currentStep());
                    assertEquals(text(code, "code"), Totp.code(secret, totp.currentStep()));
                    assertEquals(OptionalLong.of(number(code, "counter")),
                            totp.matchingStep(secret, text(code, "code")));
                }));
            }
        }
        assertTrue(tests.size() >= entries("totp", "vectors").size(), "every TOTP entry needs codes");
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> vectorSecretsDecodeToRawKey() {
        return TestVectors.eachEntry(entries("totp", "vectors"), "base32 decodes to secret_raw_hex",
                entry -> () -> {
                    assertArrayEquals(hex(entry, "secret_raw_hex"), Base32.decode(text(entry, "secret_base32")));
                    assertEquals(text(entry, "secret_base32"), Base32.encode(hex(entry, "secret_raw_hex")));
                });
    }

    @TestFactory
    Stream<DynamicTest> rfc6238AppendixBValues() {
        JsonNode appendix = TestVectors.root().path("totp").path("rfc6238_appendix_b_sha1");
        byte[] key = text(appendix, "secret_ascii").getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(hex(appendix, "secret_raw_hex"), key);
        assertArrayEquals(key, Base32.decode(text(appendix, "secret_base32")));

        return entries("totp", "rfc6238_appendix_b_sha1", "values").stream().map(value -> {
            long time = number(value, "unix_time");
            return TestVectors.named(text(appendix, "id") + " at " + time, () -> {
                long step = new Totp(fixedClock(time)).currentStep();

                assertEquals(number(value, "counter"), step);
                assertEquals(text(value, "counter_hex"), HexFormat.of().withUpperCase().toHexDigits(step));
                assertEquals(text(value, "code_8_digits"), Totp.code(key, step, 8));
                assertEquals(text(value, "code_6_digits"), Totp.code(text(appendix, "secret_base32"), step));
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> vectorDecryptThenGenerate() {
        List<JsonNode> encrypted = entries("totp_secret_encryption", "vectors");
        return TestVectors.eachEntry(entries("totp", "vectors"), "decrypted secret gives the same codes",
                entry -> () -> {
                    JsonNode source = encrypted.stream()
                            .filter(e -> text(e, "secret_base32").equals(text(entry, "secret_base32")))
                            .findFirst()
                            .orElseThrow(() -> new AssertionError("no encrypted entry holds this secret"));
                    String secret = TotpSecretCipher.fromHex(text(source, "key_hex")).decrypt(text(source, "encrypted"));
                    for (JsonNode code : entry.path("codes")) {
                        assertEquals(text(code, "code"), Totp.code(secret, number(code, "counter")));
                    }
                });
    }

    @Test
    void matchingStepAcceptsOneStepOfDrift() {
        long step = 7163762562L / Totp.PERIOD_SECONDS;
        String code = Totp.code(SECRET, step);

        for (long offset = -1; offset <= 1; offset++) {
            Totp totp = new Totp(fixedClock((step + offset) * Totp.PERIOD_SECONDS + 7));
            assertEquals(OptionalLong.of(step), totp.matchingStep(SECRET, code), "offset " + offset);
        }
    }

    @Test
    void matchingStepRejectsTwoStepsOfDrift() {
        long step = 1111111109L / Totp.PERIOD_SECONDS;
        String code = Totp.code(SECRET, step);

        for (long offset : new long[] {-2, 2}) {
            Totp totp = new Totp(fixedClock((step + offset) * Totp.PERIOD_SECONDS));
            assertEquals(OptionalLong.empty(), totp.matchingStep(SECRET, code), "offset " + offset);
        }
    }

    @Test
    void matchingStepRejectsMalformedCode() {
        Totp totp = new Totp(fixedClock(59));

        assertEquals(OptionalLong.empty(), totp.matchingStep(SECRET, null));
        assertEquals(OptionalLong.empty(), totp.matchingStep(SECRET, ""));
        assertEquals(OptionalLong.empty(), totp.matchingStep(SECRET, "28708"));
        assertEquals(OptionalLong.empty(), totp.matchingStep(SECRET, "2870820"));
        assertEquals(OptionalLong.empty(), totp.matchingStep(SECRET, "28708a"));
        assertEquals(OptionalLong.empty(), totp.matchingStep(SECRET, " 287082"));
        assertEquals(OptionalLong.empty(), totp.matchingStep(SECRET, "٢٨٧٠٨٢"));
    }

    @Test
    void codeUsesAsciiDigitsInEveryLocale() {
        Locale original = Locale.getDefault();
        try {
            for (String tag : new String[] {"ar-EG", "fa-IR", "th-TH-u-nu-thai", "hi-IN-u-nu-deva"}) {
                Locale.setDefault(Locale.forLanguageTag(tag));
                assertEquals("287082", Totp.code(SECRET, 1), tag);
            }
        } finally {
            Locale.setDefault(original);
        }
    }

    @Test
    void codeKeepsLeadingZeros() {
        // RFC 6238 appendix B: at 1111111109 the 8-digit SHA-1 code is 07081804.
        assertEquals("07081804", Totp.code("12345678901234567890".getBytes(StandardCharsets.US_ASCII),
                1111111109L / Totp.PERIOD_SECONDS, 8));
    }

    private static Clock fixedClock(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }
}
