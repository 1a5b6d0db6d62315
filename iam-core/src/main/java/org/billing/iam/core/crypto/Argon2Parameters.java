package org.billing.iam.core.crypto;

/**
 * Argon2id cost settings. {@link #PRODUCTION} matches the existing system and the OWASP
 * password storage recommendation of 19 MiB, 2 passes, 1 lane.
 *
 * @param memoryKib memory in KiB
 * @param iterations passes over memory
 * @param parallelism lanes
 */
public record Argon2Parameters(int memoryKib, int iterations, int parallelism) {

    /** Settings of every shipped configuration. */
    public static final Argon2Parameters PRODUCTION = new Argon2Parameters(19456, 2, 1);

    /** Salt length in bytes. */
    public static final int SALT_BYTES = 16;
    /** Hash length in bytes. */
    public static final int HASH_BYTES = 32;

    public Argon2Parameters {
        if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("Invalid Argon2id parameters: m=" + memoryKib
                    + ", t=" + iterations + ", p=" + parallelism);
        }
    }
}
