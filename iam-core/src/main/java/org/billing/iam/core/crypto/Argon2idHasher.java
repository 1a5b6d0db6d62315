package org.billing.iam.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;

/**
 * Argon2id (RFC 9106, version 0x13) in the PHC string format
 * {@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}, with unpadded standard Base64.
 * Hashes made by other Argon2 libraries verify here and the other way round.
 */
public final class Argon2idHasher implements PasswordHasher {

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,64})\\$([A-Za-z0-9+/]{22,128})");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final Argon2Parameters parameters;
    private final SecureRandom random;

    public Argon2idHasher(Argon2Parameters parameters, SecureRandom random) {
        this.parameters = parameters;
        this.random = random;
    }

    @Override
    public String hash(String secret) {
        byte[] salt = new byte[Argon2Parameters.SALT_BYTES];
        random.nextBytes(salt);
        return hashWithSalt(secret, salt, parameters);
    }

    /** Hashes with a given salt; used to reproduce known PHC strings. */
    public static String hashWithSalt(String secret, byte[] salt, Argon2Parameters parameters) {
        byte[] hash = derive(secret, salt, parameters, Argon2Parameters.HASH_BYTES);
        return "$argon2id$v=19$m=" + parameters.memoryKib() + ",t=" + parameters.iterations()
                + ",p=" + parameters.parallelism() + "$" + ENCODER.encodeToString(salt)
                + "$" + ENCODER.encodeToString(hash);
    }

    @Override
    public boolean verify(String phc, String secret) {
        if (phc == null || secret == null) {
            return false;
        }
        Matcher matcher = PHC.matcher(phc);
        if (!matcher.matches()) {
            return false;
        }
        Argon2Parameters stored;
        byte[] salt;
        byte[] expected;
        try {
            stored = new Argon2Parameters(Integer.parseInt(matcher.group(1)),
                    Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
            salt = DECODER.decode(matcher.group(4));
            expected = DECODER.decode(matcher.group(5));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (stored.memoryKib() > 4 * 1024 * 1024) {
            return false;
        }
        byte[] actual = derive(secret, salt, stored, expected.length);
        return MessageDigest.isEqual(actual, expected);
    }

    @Override
    public boolean needsRehash(String phc) {
        Matcher matcher = PHC.matcher(phc == null ? "" : phc);
        if (!matcher.matches()) {
            return true;
        }
        return Integer.parseInt(matcher.group(1)) < parameters.memoryKib()
                || Integer.parseInt(matcher.group(2)) < parameters.iterations();
    }

    private static byte[] derive(String secret, byte[] salt, Argon2Parameters parameters, int length) {
        org.bouncycastle.crypto.params.Argon2Parameters spec =
                new org.bouncycastle.crypto.params.Argon2Parameters.Builder(
                        org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                        .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                        .withMemoryAsKB(parameters.memoryKib())
                        .withIterations(parameters.iterations())
                        .withParallelism(parameters.parallelism())
                        .withSalt(salt)
                        .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(spec);
        byte[] out = new byte[length];
        generator.generateBytes(secret.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
