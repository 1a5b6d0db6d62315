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
     * upper-cases. Returns empty unless the result is exactly 8 characters of the alphabet.
     */
    public static Optional<String> normalise(String typed) {
        if (typed == null || typed.length() > 64) {
            return Optional.empty();
        }
        StringBuilder kept = new StringBuilder(LENGTH);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c != '-' && !Character.isWhitespace(c)) {
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
}
