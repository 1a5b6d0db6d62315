package org.billing.iam.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Base32Test {

    /** RFC 4648 section 10 test vectors, with the '=' padding removed. */
    private static final String[][] RFC_4648 = {
        {"", ""}, {"f", "MY"}, {"fo", "MZXQ"}, {"foo", "MZXW6"}, {"foob", "MZXW6YQ"},
        {"fooba", "MZXW6YTB"}, {"foobar", "MZXW6YTBOI"},
    };

    @Test
    void encodeMatchesRfc4648() {
        for (String[] pair : RFC_4648) {
            assertEquals(pair[1], Base32.encode(pair[0].getBytes(StandardCharsets.US_ASCII)), pair[0]);
        }
    }

    @Test
    void decodeMatchesRfc4648WithOrWithoutPadding() {
        for (String[] pair : RFC_4648) {
            byte[] expected = pair[0].getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(expected, Base32.decode(pair[1]), pair[1]);
            assertArrayEquals(expected, Base32.decode(pair[1].toLowerCase() + "=".repeat((8 - pair[1].length() % 8) % 8)));
        }
    }

    @Test
    void invalidCharacterIsRejectedWithoutEchoingInput() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Base32.decode("MZXW6YT1"));

        assertFalse(error.getMessage().contains("MZXW6YT1"), error.getMessage());
    }
}
