package org.billing.iam.core.crypto;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import de.mkammerer.argon2.jna.Argon2Library;
import de.mkammerer.argon2.jna.JnaUint32;
import de.mkammerer.argon2.jna.Size_t;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Argon2id through the reference C library (libargon2) that argon2-jvm bundles, called with
 * {@code argon2id_hash_raw}. Test scope only: a benchmark candidate and a third implementation
 * to cross-check the other two.
 */
final class LibArgon2 implements Argon2Engine {

    private static final int ARGON2_OK = 0;

    private final Argon2Library library;
    private final String origin;

    private LibArgon2(Argon2Library library, String origin) {
        this.library = library;
        this.origin = origin;
    }

    /**
     * Loads the copy of libargon2 inside the argon2-jvm jar. JNA's plain lookup by name, which
     * argon2-jvm itself uses, prefers a libargon2.so.1 installed by the operating system.
     */
    static LibArgon2 load() {
        try {
            File extracted = Native.extractFromResourcePath("argon2", LibArgon2.class.getClassLoader());
            Argon2Library library = Native.load(extracted.getAbsolutePath(), Argon2Library.class);
            return new LibArgon2(library, "bundled");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract libargon2 from the argon2-jvm jar", e);
        }
    }

    /** Loads libargon2 the way argon2-jvm does, which picks the operating system's copy first. */
    static LibArgon2 loadByName() {
        Argon2Library library = Native.load("argon2", Argon2Library.class);
        return new LibArgon2(library, NativeLibrary.getInstance("argon2").getFile().getPath());
    }

    @Override
    public String name() {
        return "libargon2 (native, " + origin + ")";
    }

    @Override
    public boolean supports(Argon2Parameters parameters, int saltLength, int hashLength) {
        return true;
    }

    @Override
    public byte[] hash(byte[] password, byte[] salt, Argon2Parameters parameters, int hashLength) {
        byte[] out = new byte[hashLength];
        int result = library.argon2id_hash_raw(new JnaUint32(parameters.iterations()),
                new JnaUint32(parameters.memoryKib()), new JnaUint32(parameters.parallelism()),
                password, new Size_t(password.length), salt, new Size_t(salt.length),
                out, new Size_t(out.length));
        if (result != ARGON2_OK) {
            throw new IllegalStateException("libargon2 argon2id_hash_raw failed with code " + result);
        }
        return out;
    }
}
