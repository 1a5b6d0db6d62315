package org.billing.iam.core.crypto;

import static org.billing.iam.core.crypto.TestVectors.eachEntry;
import static org.billing.iam.core.crypto.TestVectors.entries;
import static org.billing.iam.core.crypto.TestVectors.hex;
import static org.billing.iam.core.crypto.TestVectors.number;
import static org.billing.iam.core.crypto.TestVectors.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class Argon2idHasherTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Argon2Parameters CHEAP = new Argon2Parameters(64, 1, 1);

    /** libargon2 is loaded once per test run; JNA keeps the library open. */
    private static LibArgon2 libArgon2;

    @TestFactory
    Stream<DynamicTest> vectorInputVerifies() {
        return forEveryHasher("verifies input", (hasher, entry) -> assertEquals(
                entry.path("expected_verify_input").asBoolean(false),
                hasher.verify(text(entry, "phc"), text(entry, "input"))));
    }

    @TestFactory
    Stream<DynamicTest> vectorWrongInputFails() {
        return forEveryHasher("rejects wrong_input", (hasher, entry) -> assertEquals(
                entry.path("expected_verify_wrong_input").asBoolean(true),
                hasher.verify(text(entry, "phc"), text(entry, "wrong_input"))));
    }

    @TestFactory
    Stream<DynamicTest> vectorRehashWithSaltReproducesPhc() {
        return forEveryHasher("re-hash with salt_hex equals phc", (hasher, entry) -> assertEquals(
                text(entry, "phc"), hasher.hash(text(entry, "input"), hex(entry, "salt_hex"))));
    }

    @TestFactory
    Stream<DynamicTest> vectorStaticHashWithSaltReproducesPhc() {
        return eachEntry(entries("argon2id", "vectors"), "hashWithSalt equals phc", entry -> () ->
                assertEquals(text(entry, "phc"), Argon2idHasher.hashWithSalt(
                        text(entry, "input"), hex(entry, "salt_hex"), vectorParameters())));
    }

    @TestFactory
    Stream<DynamicTest> vectorInputsEncodeToListedBytes() {
        return eachEntry(entries("argon2id", "vectors"), "input and wrong_input bytes", entry -> () -> {
            assertArrayEquals(hex(entry, "input_utf8_hex"), Argon2idHasher.passwordBytes(text(entry, "input")));
            assertArrayEquals(hex(entry, "wrong_input_utf8_hex"),
                    Argon2idHasher.passwordBytes(text(entry, "wrong_input")));
        });
    }

    @TestFactory
    Stream<DynamicTest> vectorPhcParsesToListedFields() {
        return eachEntry(entries("argon2id", "vectors"), "phc fields", entry -> () -> {
            Argon2Phc parsed = Argon2Phc.parse(text(entry, "phc")).orElseThrow();
            assertEquals(vectorParameters(), parsed.parameters());
            assertArrayEquals(hex(entry, "salt_hex"), parsed.salt());
            assertArrayEquals(hex(entry, "hash_hex"), parsed.hash());
        });
    }

    @Test
    void everyImplementationVerifiesEveryOthersHash() {
        Map<String, Argon2idHasher> hashers = hashers(Argon2Parameters.PRODUCTION);
        String password = "Grüße aus Köln 🔑 2026";
        for (Map.Entry<String, Argon2idHasher> maker : hashers.entrySet()) {
            String phc = maker.getValue().hash(password);
            for (Map.Entry<String, Argon2idHasher> checker : hashers.entrySet()) {
                assertTrue(checker.getValue().verify(phc, password),
                        checker.getKey() + " must verify a hash made by " + maker.getKey());
                assertFalse(checker.getValue().verify(phc, password + " "),
                        checker.getKey() + " must reject a wrong password for " + maker.getKey());
            }
        }
    }

    @Test
    void factoryUsesLibsodiumOnLinuxX64() {
        boolean linuxX64 = System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").equals("amd64");
        assumeTrue(linuxX64, "libsodium is tested on linux-x86_64 only");

        Argon2idHasher hasher = PasswordHashers.create(Argon2Parameters.PRODUCTION, RANDOM);

        assertTrue(hasher.implementation().startsWith("libsodium"), hasher.implementation());
    }

    @Test
    void factoryUsesPureJavaForTwoLanes() {
        Argon2idHasher hasher = PasswordHashers.create(new Argon2Parameters(64, 1, 2), RANDOM);

        assertEquals(BouncyCastleArgon2.INSTANCE.name(), hasher.implementation());
        assertTrue(hasher.verify(hasher.hash("pw"), "pw"));
    }

    @Test
    void factoryFallsBackOnLoadFailure() {
        assertTrue(PasswordHashers.loadChecked(() -> {
            throw new UnsatisfiedLinkError("libsodium.so: cannot open shared object file");
        }).isEmpty());
        assertTrue(PasswordHashers.loadChecked(() -> {
            throw new IllegalStateException("Unsupported platform");
        }).isEmpty());
    }

    @Test
    void factoryRejectsEngineWithWrongOutput() {
        Argon2Engine broken = new Argon2Engine() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public boolean supports(Argon2Parameters parameters, int saltLength, int hashLength) {
                return true;
            }

            @Override
            public byte[] hash(byte[] password, byte[] salt, Argon2Parameters parameters, int hashLength) {
                return new byte[hashLength];
            }
        };

        assertTrue(PasswordHashers.loadChecked(() -> broken).isEmpty());
    }

    @Test
    void verifyAcceptsTwoLanesAndShortSalt() {
        Argon2idHasher fastest = PasswordHashers.create(Argon2Parameters.PRODUCTION, RANDOM);
        String twoLanes = Argon2idHasher.hashWithSalt("pw", new byte[16], new Argon2Parameters(64, 1, 2));
        String shortSalt = Argon2idHasher.hashWithSalt("pw", new byte[8], CHEAP);

        assertTrue(fastest.verify(twoLanes, "pw"));
        assertTrue(fastest.verify(shortSalt, "pw"));
    }

    @Test
    void hashUsesFreshSaltEachTime() {
        Argon2idHasher hasher = new Argon2idHasher(CHEAP, RANDOM);

        String first = hasher.hash("same password");
        String second = hasher.hash("same password");

        assertNotEquals(first, second);
        assertTrue(hasher.verify(first, "same password"));
        assertTrue(hasher.verify(second, "same password"));
    }

    @Test
    void unpairedSurrogateHashesAsReplacementCharacter() {
        assertArrayEquals(HexFormat.of().parseHex("61efbfbd62"), Argon2idHasher.passwordBytes("a\uD800b"));
        assertArrayEquals(HexFormat.of().parseHex("efbfbd"), Argon2idHasher.passwordBytes("\uDC00"));
        assertArrayEquals("🔐".getBytes(StandardCharsets.UTF_8), Argon2idHasher.passwordBytes("🔐"));
    }

    @Test
    void verifyWithNullArgumentsReturnsFalse() {
        Argon2idHasher hasher = new Argon2idHasher(CHEAP, RANDOM);
        String phc = hasher.hash("pw");

        assertFalse(hasher.verify(null, "pw"));
        assertFalse(hasher.verify(phc, null));
    }

    @Test
    void needsRehashWhenStoredSettingsAreWeaker() {
        byte[] salt = new byte[Argon2Parameters.SALT_BYTES];
        String production = Argon2idHasher.hashWithSalt("pw", salt, Argon2Parameters.PRODUCTION);
        String weaker = Argon2idHasher.hashWithSalt("pw", salt, new Argon2Parameters(4096, 2, 1));
        String fewerPasses = Argon2idHasher.hashWithSalt("pw", salt, new Argon2Parameters(19456, 1, 1));
        String shortSalt = Argon2idHasher.hashWithSalt("pw", new byte[8], Argon2Parameters.PRODUCTION);
        String stronger = Argon2idHasher.hashWithSalt("pw", salt, new Argon2Parameters(32768, 3, 1));
        Argon2idHasher hasher = new Argon2idHasher(Argon2Parameters.PRODUCTION, RANDOM);

        assertFalse(hasher.needsRehash(production));
        assertTrue(hasher.needsRehash(weaker));
        assertTrue(hasher.needsRehash(fewerPasses));
        assertTrue(hasher.needsRehash(shortSalt));
        assertFalse(hasher.needsRehash(stronger));
        assertTrue(hasher.needsRehash("$argon2i$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assertTrue(hasher.needsRehash(null));
    }

    @Test
    void hashWithSaltRejectsShortSalt() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Argon2idHasher.hashWithSalt("hunter2-secret", new byte[4], CHEAP));

        assertFalse(error.getMessage().contains("hunter2-secret"), error.getMessage());
    }

    /** Returns the shared vector settings after checking the fields this code cannot vary. */
    static Argon2Parameters vectorParameters() {
        JsonNode parameters = TestVectors.root().path("argon2id").path("parameters");
        assertEquals("argon2id", text(parameters, "algorithm"));
        assertEquals(19, number(parameters, "version"));
        assertEquals(Argon2Parameters.HASH_BYTES, number(parameters, "hash_length_bytes"));
        assertEquals(Argon2Parameters.SALT_BYTES, number(parameters, "salt_length_bytes"));
        return new Argon2Parameters((int) number(parameters, "memory_cost_kib"),
                (int) number(parameters, "time_cost"), (int) number(parameters, "parallelism"));
    }

    /** Hashers under test: the pure-Java default, the factory's choice and libargon2. */
    static synchronized Map<String, Argon2idHasher> hashers(Argon2Parameters parameters) {
        if (libArgon2 == null) {
            libArgon2 = LibArgon2.load();
        }
        Argon2idHasher fastest = PasswordHashers.create(parameters, RANDOM);
        Map<String, Argon2idHasher> hashers = new LinkedHashMap<>();
        hashers.put("BouncyCastle", new Argon2idHasher(parameters, RANDOM));
        hashers.put("factory: " + fastest.implementation(), fastest);
        hashers.put("libargon2", new Argon2idHasher(parameters, RANDOM, libArgon2));
        return hashers;
    }

    private interface VectorCheck {
        void run(Argon2idHasher hasher, JsonNode entry) throws Throwable;
    }

    private static Stream<DynamicTest> forEveryHasher(String label, VectorCheck check) {
        List<JsonNode> vectors = entries("argon2id", "vectors");
        return hashers(vectorParameters()).entrySet().stream().flatMap(hasher -> vectors.stream()
                .map(entry -> TestVectors.named(
                        text(entry, "id") + " " + label + " (" + hasher.getKey() + ")",
                        () -> check.run(hasher.getValue(), entry))));
    }
}
