package org.billing.iam.core.crypto;

import static org.billing.iam.core.crypto.TestVectors.eachEntry;
import static org.billing.iam.core.crypto.TestVectors.entries;
import static org.billing.iam.core.crypto.TestVectors.number;
import static org.billing.iam.core.crypto.TestVectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class OtpauthUriTest {

    @TestFactory
    Stream<DynamicTest> vectorUris() {
        return eachEntry(entries("otpauth_uri", "vectors"), "builds the exact URI", entry -> () -> {
            assertEquals("SHA1", text(entry, "algorithm"));
            assertEquals(Totp.DIGITS, number(entry, "digits"));
            assertEquals(Totp.PERIOD_SECONDS, number(entry, "period"));

            String uri = OtpauthUri.of(text(entry, "issuer"), text(entry, "account_name"), text(entry, "secret_base32"));

            assertEquals(text(entry, "uri"), uri);
        });
    }

    @TestFactory
    Stream<DynamicTest> vectorLabels() {
        return eachEntry(entries("otpauth_uri", "vectors"), "encodes the label", entry -> () -> assertEquals(
                text(entry, "label_encoded"),
                OtpauthUri.encode(text(entry, "issuer")) + ":" + OtpauthUri.encode(text(entry, "account_name"))));
    }

    @Test
    void encodeMatchesEncodeUriComponent() {
        assertEquals("AZaz09-_.!~*'()", OtpauthUri.encode("AZaz09-_.!~*'()"));
        assertEquals("%20%2B%40%26%3A%2F%3F%23%3D%25", OtpauthUri.encode(" +@&:/?#=%"));
        assertEquals("Z%C3%BCrich%20%F0%9F%94%90", OtpauthUri.encode("Zürich 🔐"));
    }
}
