package org.billing.iam.core.crypto;

/**
 * Computes raw Argon2id output (RFC 9106, version 0x13, no secret key and no associated data).
 * Every implementation returns the same bytes for the same input, so a hash made by one
 * verifies with any other. Implementations differ only in speed and in whether native code
 * runs.
 */
interface Argon2Engine {

    /** Returns a short description of the implementation for the start-up log. */
    String name();

    /** Returns whether this engine can compute a hash with these settings and lengths. */
    boolean supports(Argon2Parameters parameters, int saltLength, int hashLength);

    /**
     * Returns {@code hashLength} bytes of Argon2id output.
     *
     * @throws IllegalStateException when the underlying library reports an error
     */
    byte[] hash(byte[] password, byte[] salt, Argon2Parameters parameters, int hashLength);
}
