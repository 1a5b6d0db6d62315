package org.billing.iam.core.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.billing.iam.core.crypto.PasswordHasher;

/** Wraps a hasher and counts its Argon2 runs, to prove that two paths cost the same. */
public final class CountingPasswordHasher implements PasswordHasher {

    private final PasswordHasher delegate;
    private final AtomicInteger hashes = new AtomicInteger();
    private final AtomicInteger verifications = new AtomicInteger();

    public CountingPasswordHasher(PasswordHasher delegate) {
        this.delegate = delegate;
    }

    @Override
    public String hash(String secret) {
        hashes.incrementAndGet();
        return delegate.hash(secret);
    }

    @Override
    public boolean verify(String phc, String secret) {
        verifications.incrementAndGet();
        return delegate.verify(phc, secret);
    }

    @Override
    public boolean needsRehash(String phc) {
        return delegate.needsRehash(phc);
    }

    /** Returns the Argon2 runs (hashes plus verifications) since the last reset. */
    public int runs() {
        return hashes.get() + verifications.get();
    }

    /** Sets both counters back to zero. */
    public void reset() {
        hashes.set(0);
        verifications.set(0);
    }
}
