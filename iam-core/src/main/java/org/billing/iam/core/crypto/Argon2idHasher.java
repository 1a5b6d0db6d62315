package org.billing.iam.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argon2id (RFC 9106, version 0x13) in the PHC string format
 * {@code $argon2id$v=19$m=...,t=...,p=...$salt$hash}, with unpadded standard Base64.
 * Hashes made by other Argon2 libraries verify here and the other way round.
 *
 * <p>The public constructor uses the pure-Java engine. {@link PasswordHashers#create} returns
 * one on native libsodium when that loads, with identical output.
 */
public final class Argon2idHasher implements PasswordHasher {

    private static final Logger LOG = LoggerFactory.getLogger(Argon2idHasher.class);

    private final Argon2Parameters parameters;
    private final SecureRandom random;
    private final Argon2Engine engine;

    /** Creates a hasher on the pure-Java BouncyCastle engine. */
    public Argon2idHasher(Argon2Parameters parameters, SecureRandom random) {
        this(parameters, random, BouncyCastleArgon2.INSTANCE);
    }

    Argon2idHasher(Argon2Parameters parameters, SecureRandom random, Argon2Engine engine) {
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        this.random = Objects.requireNonNull(random, "random");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /** Returns the name of the Argon2 implementation in use, for the start-up log. */
    public String implementation() {
        return engine.name();
    }

    @Override
    public String hash(String secret) {
        Objects.requireNonNull(secret, "secret");
        byte[] salt = new byte[Argon2Parameters.SALT_BYTES];
        random.nextBytes(salt);
        return hash(secret, salt);
    }

    /** Hashes with a given salt on this hasher's engine, to reproduce known PHC strings. */
    String hash(String secret, byte[] salt) {
        return encode(engine, secret, salt, parameters);
    }

    /**
     * Hashes with a given salt on the pure-Java engine, to reproduce known PHC strings.
     *
     * @throws IllegalArgumentException when the salt is shorter than 8 or longer than 64 bytes
     */
    public static String hashWithSalt(String secret, byte[] salt, Argon2Parameters parameters) {
        return encode(BouncyCastleArgon2.INSTANCE, secret, salt, parameters);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the native library fails on a well-formed hash, for
     *     example because it cannot allocate memory
     */
    @Override
    public boolean verify(String phc, String secret) {
        if (phc == null || secret == null) {
            return false;
        }
        Optional<Argon2Phc> parsed = Argon2Phc.parse(phc);
        if (parsed.isEmpty()) {
            LOG.warn("Stored Argon2id hash is not a supported PHC string; verification failed");
            return false;
        }

        Argon2Phc stored = parsed.get();
        byte[] password = passwordBytes(secret);
        try {
            byte[] actual = derive(engine, password, stored.salt(), stored.parameters(), stored.hash().length);
            return MessageDigest.isEqual(actual, stored.hash());
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /**
     * Returns true when {@code phc} cannot be parsed, or was made with less memory, fewer
     * passes, a shorter salt or a shorter hash than this hasher uses now. A hash made with
     * stronger settings is kept, so lowering the configuration never triggers a downgrade.
     */
    @Override
    public boolean needsRehash(String phc) {
        Optional<Argon2Phc> parsed = phc == null ? Optional.empty() : Argon2Phc.parse(phc);
        if (parsed.isEmpty()) {
            return true;
        }
        Argon2Phc stored = parsed.get();
        return stored.parameters().memoryKib() < parameters.memoryKib()
                || stored.parameters().iterations() < parameters.iterations()
                || stored.salt().length < Argon2Parameters.SALT_BYTES
                || stored.hash().length < Argon2Parameters.HASH_BYTES;
    }

    private static String encode(Argon2Engine engine, String secret, byte[] salt, Argon2Parameters parameters) {
        if (salt.length < Argon2Phc.MIN_SALT_BYTES || salt.length > Argon2Phc.MAX_SALT_BYTES) {
            throw new IllegalArgumentException("Argon2id salt must be " + Argon2Phc.MIN_SALT_BYTES
                    + " to " + Argon2Phc.MAX_SALT_BYTES + " bytes, got " + salt.length);
        }
        byte[] password = passwordBytes(secret);
        try {
            byte[] hash = derive(engine, password, salt, parameters, Argon2Parameters.HASH_BYTES);
            return Argon2Phc.format(parameters, salt, hash);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    /** Runs the engine, or the pure-Java one for settings the engine does not take. */
    private static byte[] derive(Argon2Engine engine, byte[] password, byte[] salt,
            Argon2Parameters parameters, int hashLength) {
        Argon2Engine chosen = engine.supports(parameters, salt.length, hashLength)
                ? engine
                : BouncyCastleArgon2.INSTANCE;
        return chosen.hash(password, salt, parameters, hashLength);
    }

    /**
     * Encodes a secret as UTF-8 with each unpaired surrogate replaced by U+FFFD, as Node's
     * {@code napi_get_value_string_utf8} does when {@code @node-rs/argon2} receives a JavaScript
     * string. {@link String#getBytes} would write '?' instead.
     */
    static byte[] passwordBytes(String secret) {
        int[] codePoints = secret.codePoints()
                .map(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE ? 0xFFFD : c)
                .toArray();
        return new String(codePoints, 0, codePoints.length).getBytes(StandardCharsets.UTF_8);
    }
}
