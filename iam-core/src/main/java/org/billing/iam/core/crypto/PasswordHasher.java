package org.billing.iam.core.crypto;

/** Hashes and verifies secrets (passwords, recovery codes) as Argon2id PHC strings. */
public interface PasswordHasher {

    /** Hashes {@code secret} with a fresh random salt and returns the PHC string. */
    String hash(String secret);

    /**
     * Returns whether {@code secret} matches the PHC string. A malformed or unsupported stored
     * hash returns false and never throws.
     */
    boolean verify(String phc, String secret);

    /** Returns whether {@code phc} was made with weaker parameters than this hasher uses now. */
    boolean needsRehash(String phc);
}
