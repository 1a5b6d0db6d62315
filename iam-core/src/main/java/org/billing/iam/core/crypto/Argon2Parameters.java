package org.billing.iam.core.crypto;

/**
 * Argon2id cost settings. {@link #PRODUCTION} matches the existing system and the OWASP
 * password storage recommendation of 19 MiB, 2 passes, 1 lane.
 *
 * <p>The upper limits also bound what a stored hash may ask for: a PHC string above them is
 * rejected before any memory is allocated.
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

    /**
     * Maximum memory cost in KiB: 64 MiB, the "uniformly safe" option of RFC 9106 section 4
     * and about 3.4 times {@link #PRODUCTION}.
     */
    public static final int MAX_MEMORY_KIB = 64 * 1024;
    /** Maximum number of passes. */
    public static final int MAX_ITERATIONS = 10;
    /** Maximum number of lanes. */
    public static final int MAX_PARALLELISM = 16;

    /**
     * Checks the ranges of RFC 9106 section 3.1 (at least 8 KiB per lane) and the maximums above.
     *
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public Argon2Parameters {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("Argon2id parallelism must be between 1 and "
                    + MAX_PARALLELISM + ", got " + parallelism);
        }
        if (memoryKib < 8 * parallelism || memoryKib > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2id memory must be between 8 KiB per lane ("
                    + 8 * parallelism + ") and " + MAX_MEMORY_KIB + " KiB, got " + memoryKib);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("Argon2id iterations must be between 1 and "
                    + MAX_ITERATIONS + ", got " + iterations);
        }
    }
}
