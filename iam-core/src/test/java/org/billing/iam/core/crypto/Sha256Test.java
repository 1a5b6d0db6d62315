package org.billing.iam.core.crypto;

import static org.billing.iam.core.crypto.TestVectors.eachEntry;
import static org.billing.iam.core.crypto.TestVectors.entries;
import static org.billing.iam.core.crypto.TestVectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class Sha256Test {

    @TestFactory
    Stream<DynamicTest> vectorSessionTokens() {
        return eachEntry(entries("sha256", "session_tokens"), "digest of the token string",
                entry -> () -> assertEquals(text(entry, "sha256_hex"), Sha256.hex(text(entry, "token"))));
    }

    @TestFactory
    Stream<DynamicTest> vectorInvitationTokens() {
        return eachEntry(entries("sha256", "invitation_tokens"), "digest of the token string",
                entry -> () -> assertEquals(text(entry, "sha256_hex"), Sha256.hex(text(entry, "token"))));
    }

    @Test
    void digestOfAbcMatchesFipsExample() {
        // The one-block example of FIPS 180-2 appendix B.1.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.hex("abc"));
    }

    @Test
    void repeatedCallsOnOneThreadAreIndependent() {
        String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertEquals(abc, Sha256.hex("abc"));
        // The SHA-256 of the empty string shows that no state of "abc" carried over.
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(""));
        assertEquals(abc, Sha256.hex("abc"));
    }
}
