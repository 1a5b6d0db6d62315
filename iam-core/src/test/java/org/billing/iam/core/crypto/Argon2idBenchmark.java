package org.billing.iam.core.crypto;

import com.goterl.lazysodium.utils.LibraryLoader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time for one Argon2id hash at {@link Argon2Parameters#PRODUCTION} (m=19456 KiB, t=2, p=1) on
 * one thread, per implementation. Sample mode reports the median (p0.50) next to the mean.
 * Run it with the jmh Maven profile, as docs/benchmarks.md describes. JMH starts a fresh JVM
 * for each implementation, so each native library loads alone.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class Argon2idBenchmark {

    /**
     * libsodium: the copy bundled in lazysodium-java. libargon2: the reference C library
     * bundled in argon2-jvm. bouncycastle: pure Java. The two "-system" variants load the
     * operating system's copy when it has one, as argon2-jvm's own loading does. They make
     * the results comparable with figures taken elsewhere.
     */
    @Param({"libsodium", "libsodium-system", "libargon2", "libargon2-system", "bouncycastle"})
    public String implementation;

    private final byte[] password = "correct horse battery staple".getBytes(StandardCharsets.UTF_8);
    private final byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
    private Argon2Engine engine;

    @Setup
    public void loadEngine() {
        engine = switch (implementation) {
            case "libsodium" -> LibsodiumArgon2.load();
            case "libsodium-system" -> LibsodiumArgon2.load(LibraryLoader.Mode.SYSTEM_ONLY, "libsodium (system)");
            case "libargon2" -> LibArgon2.load();
            case "libargon2-system" -> LibArgon2.loadByName();
            case "bouncycastle" -> BouncyCastleArgon2.INSTANCE;
            default -> throw new IllegalArgumentException("Unknown implementation '" + implementation
                    + "'. Use one of the values listed in @Param.");
        };
    }

    @Benchmark
    public byte[] hash() {
        return engine.hash(password, salt, Argon2Parameters.PRODUCTION, Argon2Parameters.HASH_BYTES);
    }
}
