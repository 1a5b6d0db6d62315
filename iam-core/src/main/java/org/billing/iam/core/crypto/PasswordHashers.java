package org.billing.iam.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the Argon2id implementation: native libsodium when its bundled library loads on this
 * platform and passes a known-answer check against the pure-Java engine, otherwise BouncyCastle.
 * Both write identical PHC strings and verify each other's hashes.
 */
public final class PasswordHashers {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordHashers.class);

    private PasswordHashers() {
    }

    /**
     * Returns the fastest available hasher. Log {@link Argon2idHasher#implementation()} at
     * start-up to record which one runs.
     */
    public static Argon2idHasher create(Argon2Parameters parameters, SecureRandom random) {
        Argon2Engine engine = NativeEngine.LOADED
                .filter(candidate -> candidate.supports(parameters, Argon2Parameters.SALT_BYTES,
                        Argon2Parameters.HASH_BYTES))
                .orElse(BouncyCastleArgon2.INSTANCE);
        return new Argon2idHasher(parameters, random, engine);
    }

    /**
     * Loads an engine and checks it against the pure-Java one. Returns empty, after a warning,
     * when loading throws or the check fails.
     */
    static Optional<Argon2Engine> loadChecked(Supplier<? extends Argon2Engine> loader) {
        try {
            Argon2Engine engine = loader.get();
            checkKnownAnswer(engine);
            return Optional.of(engine);
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("Native Argon2id is unavailable, so the pure-Java implementation is used", e);
            return Optional.empty();
        }
    }

    /** Compares one cheap hash with the pure-Java result, to catch a broken build or binding. */
    private static void checkKnownAnswer(Argon2Engine engine) {
        Argon2Parameters cheap = new Argon2Parameters(64, 1, 1);
        byte[] password = "known-answer check".getBytes(StandardCharsets.UTF_8);
        byte[] salt = new byte[Argon2Parameters.SALT_BYTES];
        Arrays.fill(salt, (byte) 0x5a);
        byte[] expected = BouncyCastleArgon2.INSTANCE.hash(password, salt, cheap, Argon2Parameters.HASH_BYTES);
        byte[] actual = engine.hash(password, salt, cheap, Argon2Parameters.HASH_BYTES);
        if (!Arrays.equals(actual, expected)) {
            throw new IllegalStateException(engine.name() + " returned a different Argon2id hash than "
                    + BouncyCastleArgon2.INSTANCE.name());
        }
    }

    /** Loads libsodium once per class loader, on first use, because its binding is global. */
    private static final class NativeEngine {
        static final Optional<Argon2Engine> LOADED = loadChecked(LibsodiumArgon2::load);
    }
}
