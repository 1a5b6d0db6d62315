package org.billing.iam.core.crypto;

import static org.billing.iam.core.crypto.TestVectors.eachEntry;
import static org.billing.iam.core.crypto.TestVectors.entries;
import static org.billing.iam.core.crypto.TestVectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class RecoveryCodesTest {

    private static final String INVALID = "invalid";

    @Test
    void vectorAlphabetAndLengthMatch() {
        JsonNode section = TestVectors.root().path("recovery_code_normalisation");

        assertEquals(RecoveryCodes.ALPHABET, text(section, "alphabet"));
        assertEquals(RecoveryCodes.LENGTH, TestVectors.number(section, "length"));
    }

    @TestFactory
    Stream<DynamicTest> vectorNormalisation() {
        return eachEntry(entries("recovery_code_normalisation", "vectors"), "normalises as expected",
                entry -> () -> assertEquals(text(entry, "expected"),
                        RecoveryCodes.normalise(text(entry, "input")).orElse(INVALID)));
    }

    @TestFactory
    Stream<DynamicTest> vectorNormaliseThenVerify() {
        List<JsonNode> linked = entries("recovery_code_normalisation", "vectors").stream()
                .filter(entry -> entry.has("matches_argon2id_entry"))
                .toList();
        assertFalse(linked.isEmpty(), "no normalisation entry links to an argon2id entry");
        Argon2idHasher hasher = PasswordHashers.create(Argon2idHasherTest.vectorParameters(), new SecureRandom());

        return eachEntry(linked, "normalised input verifies against the linked hash", entry -> () -> {
            JsonNode stored = argon2Entry(text(entry, "matches_argon2id_entry"));
            String typed = text(entry, "input");
            String normalised = RecoveryCodes.normalise(typed).orElseThrow();

            assertEquals("recovery_code", text(stored, "kind"));
            assertTrue(hasher.verify(text(stored, "phc"), normalised));
            if (!typed.equals(normalised)) {
                assertFalse(hasher.verify(text(stored, "phc"), typed), "input verified without normalising");
            }
        });
    }

    @Test
    void javaScriptWhitespaceIsRemoved() {
        assertEquals(Optional.of("ABCDEFGH"), RecoveryCodes.normalise("ABCD\u00A0EFGH"));
        assertEquals(Optional.of("ABCDEFGH"), RecoveryCodes.normalise("\u2003ABCD\u202FEFGH\u3000"));
        assertEquals(Optional.of("ABCDEFGH"), RecoveryCodes.normalise("\uFEFFABCD\u000BEFGH\r\n"));
        assertEquals(Optional.of("ABCDEFGH"), RecoveryCodes.normalise("ABCD\u2028EFGH\u2029"));
        assertEquals(Optional.of("ABCDEFGH"), RecoveryCodes.normalise(" ".repeat(200) + "abcd-efgh"));
    }

    @Test
    void characterOutsideJavaScriptWhitespaceIsKept() {
        assertEquals(Optional.empty(), RecoveryCodes.normalise("ABCD\u001CEFGH"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("ABCD\u2013EFGH"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("ABCD\u200BEFGH"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("ABCD_EFGH"));
    }

    @Test
    void invalidLengthOrCharacterIsRejected() {
        assertEquals(Optional.empty(), RecoveryCodes.normalise(null));
        assertEquals(Optional.empty(), RecoveryCodes.normalise(""));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("ABCD-EFG"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("ABCD-EFGHJ"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("ABCD-EFG0"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("ABCD-EFGO"));
        assertEquals(Optional.empty(), RecoveryCodes.normalise("ABCD-EFGI"));
    }

    @Test
    void generatedCodesAreDisplayFormAndNormalise() {
        List<String> codes = new RecoveryCodes(new SecureTokens(new SecureRandom())).generate();

        assertEquals(RecoveryCodes.COUNT, codes.size());
        assertEquals(RecoveryCodes.COUNT, new HashSet<>(codes).size());
        for (String code : codes) {
            assertTrue(code.matches("[" + RecoveryCodes.ALPHABET + "]{4}-[" + RecoveryCodes.ALPHABET + "]{4}"), code);
            assertEquals(Optional.of(code.replace("-", "")), RecoveryCodes.normalise(code));
        }
    }

    private static JsonNode argon2Entry(String id) {
        return entries("argon2id", "vectors").stream()
                .filter(entry -> id.equals(entry.path("id").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No argon2id entry with id " + id));
    }
}
