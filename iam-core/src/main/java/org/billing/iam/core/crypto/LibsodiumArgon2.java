package org.billing.iam.core.crypto;

import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.utils.LibraryLoader;
import com.sun.jna.NativeLong;

/**
 * Argon2id through libsodium's {@code crypto_pwhash}, using the library build that
 * lazysodium-java bundles for each platform. libsodium picks AVX-512, AVX2 or SSSE3 code at run
 * time. Its high-level API takes only a 16-byte salt and one lane, so other stored hashes go to
 * another engine.
 */
final class LibsodiumArgon2 implements Argon2Engine {

    /** {@code crypto_pwhash_ALG_ARGON2ID13} in libsodium's crypto_pwhash.h. */
    private static final int ALG_ARGON2ID13 = 2;
    /** {@code crypto_pwhash_SALTBYTES}. */
    private static final int SALT_BYTES = 16;
    /** {@code crypto_pwhash_BYTES_MIN}. */
    private static final int MIN_HASH_BYTES = 16;

    private final SodiumJava sodium;
    private final String name;

    private LibsodiumArgon2(SodiumJava sodium, String name) {
        this.sodium = sodium;
        this.name = name;
    }

    /**
     * Extracts and loads the bundled libsodium, the build that the tests ran against rather than
     * whatever version the operating system has. Call once per class loader, because
     * lazysodium-java registers its native methods globally.
     *
     * @throws LinkageError or RuntimeException when the library cannot load on this platform
     */
    static LibsodiumArgon2 load() {
        return load(LibraryLoader.Mode.BUNDLED_ONLY, "libsodium (native, bundled with lazysodium-java)");
    }

    /** Loads libsodium with the given loading mode. The benchmark also measures the system's copy. */
    static LibsodiumArgon2 load(LibraryLoader.Mode mode, String name) {
        SodiumJava sodium = new SodiumJava(mode);
        if (sodium.sodium_init() < 0) {
            throw new IllegalStateException("libsodium sodium_init() failed");
        }
        return new LibsodiumArgon2(sodium, name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean supports(Argon2Parameters parameters, int saltLength, int hashLength) {
        return parameters.parallelism() == 1 && saltLength == SALT_BYTES && hashLength >= MIN_HASH_BYTES;
    }

    @Override
    public byte[] hash(byte[] password, byte[] salt, Argon2Parameters parameters, int hashLength) {
        if (!supports(parameters, salt.length, hashLength)) {
            throw new IllegalArgumentException("libsodium needs one lane, a " + SALT_BYTES
                    + "-byte salt and a hash of at least " + MIN_HASH_BYTES + " bytes");
        }
        byte[] out = new byte[hashLength];
        // opslimit is the number of passes; memlimit is in bytes.
        int result = sodium.crypto_pwhash(out, out.length, password, password.length, salt,
                parameters.iterations(), new NativeLong(parameters.memoryKib() * 1024L), ALG_ARGON2ID13);
        if (result != 0) {
            throw new IllegalStateException("libsodium crypto_pwhash failed with code " + result
                    + " (out of memory or invalid limits)");
        }
        return out;
    }
}
