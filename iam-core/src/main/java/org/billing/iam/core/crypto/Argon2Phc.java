package org.billing.iam.core.crypto;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format,
 * {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>}, with salt and hash in
 * standard Base64 without padding, as the reference C library and {@code @node-rs/argon2}
 * write it.
 *
 * <p>Parsing is strict and bounded: a stored value outside these rules is rejected before any
 * Argon2 work starts, so a damaged row cannot make a verification allocate more than
 * {@link Argon2Parameters#MAX_MEMORY_KIB}.
 */
record Argon2Phc(Argon2Parameters parameters, byte[] salt, byte[] hash) {

    /** Minimum salt length of RFC 9106 section 3.1. */
    static final int MIN_SALT_BYTES = 8;
    static final int MAX_SALT_BYTES = 64;
    /** Shorter tags are too weak to accept from storage, although RFC 9106 allows 4 bytes. */
    static final int MIN_HASH_BYTES = 16;
    static final int MAX_HASH_BYTES = 64;

    private static final int MAX_LENGTH = 256;
    // Decimal numbers without leading zeros; nine digits always fit an int.
    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=([1-9][0-9]{0,8}),t=([1-9][0-9]{0,8}),p=([1-9][0-9]{0,8})"
                    + "\\$([A-Za-z0-9+/]{11,86})\\$([A-Za-z0-9+/]{22,86})");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    /**
     * Parses a stored PHC string. Returns empty, without throwing, for any other algorithm or
     * version, a malformed or truncated string, non-canonical Base64, a salt or hash length
     * outside the limits above, or costs outside {@link Argon2Parameters}.
     */
    static Optional<Argon2Phc> parse(String phc) {
        if (phc.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher matcher = FORMAT.matcher(phc);
        if (!matcher.matches()) {
            return Optional.empty();
        }

        Argon2Parameters parameters;
        try {
            parameters = new Argon2Parameters(Integer.parseInt(matcher.group(1)),
                    Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        byte[] salt = decodeCanonical(matcher.group(4));
        byte[] hash = decodeCanonical(matcher.group(5));
        if (salt == null || salt.length < MIN_SALT_BYTES || salt.length > MAX_SALT_BYTES
                || hash == null || hash.length < MIN_HASH_BYTES || hash.length > MAX_HASH_BYTES) {
            return Optional.empty();
        }
        return Optional.of(new Argon2Phc(parameters, salt, hash));
    }

    /** Returns the PHC string, parameters in the order m, t, p. */
    static String format(Argon2Parameters parameters, byte[] salt, byte[] hash) {
        return "$argon2id$v=19$m=" + parameters.memoryKib() + ",t=" + parameters.iterations()
                + ",p=" + parameters.parallelism() + "$" + ENCODER.encodeToString(salt)
                + "$" + ENCODER.encodeToString(hash);
    }

    /**
     * Decodes unpadded Base64, or returns null when the text is not the one encoding of its
     * bytes. {@link Base64.Decoder} ignores unused low bits in the last character, so two
     * spellings of the same bytes would otherwise both verify.
     */
    private static byte[] decodeCanonical(String text) {
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return ENCODER.encodeToString(bytes).equals(text) ? bytes : null;
    }
}
