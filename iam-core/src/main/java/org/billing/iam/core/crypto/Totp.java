package org.billing.iam.core.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords: HMAC-SHA1, 6 digits, 30-second steps counted
 * from the Unix epoch, accepting one step of clock drift either side.
 */
public final class Totp {

    /** Length of a time step in seconds. */
    public static final int PERIOD_SECONDS = 30;
    /** Number of digits in a code. */
    public static final int DIGITS = 6;
    /** Steps of drift accepted before and after the current one. */
    public static final int DRIFT_STEPS = 1;

    private static final Pattern CODE_FORMAT = Pattern.compile("[0-9]{" + DIGITS + "}");
    /** 10 to the power of the index, for the digit counts RFC 4226 allows. */
    private static final int[] MODULUS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final Clock clock;

    public Totp(Clock clock) {
        this.clock = clock;
    }

    /** Returns the time step that contains the clock's current instant. */
    public long currentStep() {
        return Math.floorDiv(clock.instant().getEpochSecond(), PERIOD_SECONDS);
    }

    /** Returns the code for a base32 secret at a time step, zero-padded to six digits. */
    public static String code(String secretBase32, long step) {
        return code(Base32.decode(secretBase32), step, DIGITS);
    }

    /**
     * Returns the HOTP value of RFC 4226 for a key and an 8-byte big-endian counter, zero-padded
     * to {@code digits} (6 to 8) ASCII digits.
     */
    static String code(byte[] key, long counter, int digits) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("TOTP digits must be 6 to 8, got " + digits);
        }
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(counter).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is missing from this JDK", e);
        }

        // Dynamic truncation, RFC 4226 section 5.3.
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        // Integer.toString writes ASCII digits in every default locale; String.format("%06d")
        // writes, for example, Arabic-Indic digits when the default locale is ar-EG.
        String value = Integer.toString(binary % MODULUS[digits]);
        return "0".repeat(digits - value.length()) + value;
    }

    /**
     * Returns the time step whose code equals {@code code}, searching the current step and one
     * step either side, or empty when none matches. When two steps share a code the earlier one
     * is returned. All three steps are computed and compared in constant time, so the time taken
     * does not reveal which one matched. The caller rejects replays by accepting a step only
     * when it is later than the last one used.
     */
    public OptionalLong matchingStep(String secretBase32, String code) {
        if (code == null || !CODE_FORMAT.matcher(code).matches()) {
            return OptionalLong.empty();
        }
        byte[] key = Base32.decode(secretBase32);
        byte[] expected = code.getBytes(StandardCharsets.US_ASCII);
        long now = currentStep();
        OptionalLong match = OptionalLong.empty();
        for (long step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
            byte[] candidate = code(key, step, DIGITS).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(candidate, expected) && match.isEmpty()) {
                match = OptionalLong.of(step);
            }
        }
        return match;
    }
}
