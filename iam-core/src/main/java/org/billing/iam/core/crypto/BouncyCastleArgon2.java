package org.billing.iam.core.crypto;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;

/**
 * Argon2id in pure Java (BouncyCastle). Slower than the native engines and allocates the whole
 * memory cost on the heap for each hash, but it runs wherever the JVM runs.
 */
final class BouncyCastleArgon2 implements Argon2Engine {

    static final BouncyCastleArgon2 INSTANCE = new BouncyCastleArgon2();

    private BouncyCastleArgon2() {
    }

    @Override
    public String name() {
        return "BouncyCastle (pure Java)";
    }

    @Override
    public boolean supports(Argon2Parameters parameters, int saltLength, int hashLength) {
        return true;
    }

    @Override
    public byte[] hash(byte[] password, byte[] salt, Argon2Parameters parameters, int hashLength) {
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
        byte[] out = new byte[hashLength];
        generator.generateBytes(password, out);
        return out;
    }
}
