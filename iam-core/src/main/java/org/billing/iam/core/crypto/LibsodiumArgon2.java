package org.billing.iam.core.crypto;

import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.utils.LibraryLoader;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Argon2id through libsodium's {@code crypto_pwhash}, using the library build that
 * lazysodium-java bundles for each platform. libsodium chooses its AVX-512F, AVX2 or SSSE3 code
 * at run time when its build includes them. Its high-level API takes only a 16-byte salt and
 * one lane, so other stored hashes go to another engine.
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
     * Loads the libsodium build bundled in lazysodium-java, the one the tests ran against rather
     * than whatever version the operating system has. Call once per class loader, because
     * lazysodium-java registers its native methods globally.
     *
     * <p>The library is copied to a temporary file, loaded from there and deleted at once,
     * because a loaded library stays mapped. lazysodium-java's own bundled mode would instead
     * unpack its whole jar (3.6 MB) into a new temporary directory on every start and never
     * remove it.
     *
     * @throws LinkageError or RuntimeException when the library cannot load on this platform
     */
    static LibsodiumArgon2 load() {
        String resource = LibraryLoader.getSodiumPathInResources();
        Path file;
        try (InputStream in = SodiumJava.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("lazysodium-java has no " + resource + " for this platform");
            }
            file = Files.createTempFile("libsodium", resource.substring(resource.lastIndexOf('.')));
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy bundled libsodium to a temporary file", e);
        }

        try {
            return initialise(new SodiumJava(file.toString()), "libsodium (native, bundled with lazysodium-java)");
        } finally {
            deleteLoadedLibrary(file);
        }
    }

    /** Loads libsodium with the given loading mode. The benchmark also measures the system's copy. */
    static LibsodiumArgon2 load(LibraryLoader.Mode mode, String name) {
        return initialise(new SodiumJava(mode), name);
    }

    private static LibsodiumArgon2 initialise(SodiumJava sodium, String name) {
        if (sodium.sodium_init() < 0) {
            throw new IllegalStateException("libsodium sodium_init() failed");
        }
        return new LibsodiumArgon2(sodium, name);
    }

    /** Deletes the copied library file, or on exit where the platform locks loaded files. */
    private static void deleteLoadedLibrary(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
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
        // opslimit is the number of passes, and memlimit is in bytes.
        int result = sodium.crypto_pwhash(out, out.length, password, password.length, salt,
                parameters.iterations(), new NativeLong(parameters.memoryKib() * 1024L), ALG_ARGON2ID13);
        if (result != 0) {
            throw new IllegalStateException("libsodium crypto_pwhash failed with code " + result
                    + " (out of memory or invalid limits)");
        }
        return out;
    }
}
