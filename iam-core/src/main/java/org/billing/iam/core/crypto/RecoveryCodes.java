package org.billing.iam.core.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * MFA recovery codes: 8 characters from an alphabet without 0, O, 1 or I, shown as
 * {@code XXXX-XXXX} and hashed in normalised form.
 */
public final class RecoveryCodes {

    /** Characters a code is drawn from. */
    public static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    /** Characters in a normalised code. */
    public static final int LENGTH = 8;
    /** Codes issued at a time. */
    public static final int COUNT = 10;

    private final SecureTokens random;

    public RecoveryCodes(SecureTokens random) {
        this.random = random;
    }

    /** Returns {@link #COUNT} fresh codes in display form, {@code XXXX-XXXX}. */
    public List<String> generate() {
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder code = new StringBuilder(LENGTH + 1);
            for (int j = 0; j < LENGTH; j++) {
                if (j == LENGTH / 2) {
                    code.append('-');
                }
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    /**
     * Normalises what a user typed: removes every '-' and whitespace character, then
     * upper-cases with {@link Locale#ROOT}. Returns empty unless the result is exactly 8
     * characters of the alphabet. Whitespace means the set that JavaScript's {@code \s}
     * matches, as in the previous system, so a no-break space pasted from a web page is removed
     * as well.
     */
    public static Optional<String> normalise(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        StringBuilder kept = new StringBuilder(LENGTH);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c != '-' && !isJavaScriptWhitespace(c)) {
                kept.append(c);
            }
        }
        String normalised = kept.toString().toUpperCase(Locale.ROOT);
        if (normalised.length() != LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(normalised.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(normalised);
    }

    /**
     * Returns whether {@code c} is an ECMAScript WhiteSpace or LineTerminator code point, the
     * set that {@code \s} matches in ECMA-262: tab, vertical tab, form feed, U+FEFF, every
     * space separator (category Zs), line feed, carriage return, U+2028 and U+2029.
     * {@link Character#isWhitespace} differs: it leaves out the no-break spaces and U+FEFF and
     * adds U+001C to U+001F.
     */
    static boolean isJavaScriptWhitespace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', '\uFEFF', '\u2028', '\u2029' -> true;
            default -> Character.getType(c) == Character.SPACE_SEPARATOR;
        };
    }
}
