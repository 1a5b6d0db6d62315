package org.billing.iam.core.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.OptionalLong;
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
        byte[] key = Base32.decode(secretBase32);
        byte[] counter = new byte[8];
        for (int i = 7; i >= 0; i--) {
            counter[i] = (byte) (step >>> (8 * (7 - i)));
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(counter);
            // Dynamic truncation, RFC 4226 section 5.3.
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24)
                    | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8)
                    | (hash[offset + 3] & 0xff);
            int otp = binary % 1_000_000;
            return String.format("%06d", otp);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is missing from this JDK", e);
        }
    }

    /**
     * Returns the time step whose code equals {@code code}, searching the current step and one
     * step either side, or empty when none matches. Codes are compared in constant time. The
     * caller rejects replays by accepting a step only when it is later than the last one used.
     */
    public OptionalLong matchingStep(String secretBase32, String code) {
        if (code == null || !code.matches("[0-9]{6}")) {
            return OptionalLong.empty();
        }
        byte[] expected = code.getBytes(StandardCharsets.US_ASCII);
        long now = currentStep();
        long found = -1;
        for (long step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
            byte[] candidate = code(secretBase32, step).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(candidate, expected) && found < 0) {
                found = step;
            }
        }
        return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
    }
}
