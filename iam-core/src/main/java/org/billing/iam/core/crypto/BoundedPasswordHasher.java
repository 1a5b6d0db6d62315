package org.billing.iam.core.crypto;

import java.util.concurrent.Semaphore;

/**
 * Password hasher that limits how many Argon2id computations run at once. Each one uses
 * 19 MiB while it runs, so a burst of logins would otherwise grow memory without bound.
 * Extra callers wait their turn, and memory stays at the limit times 19 MiB.
 */
public final class BoundedPasswordHasher implements PasswordHasher {

    private final PasswordHasher delegate;
    private final Semaphore permits;

    public BoundedPasswordHasher(PasswordHasher delegate, int maxConcurrent) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + maxConcurrent);
        }
        this.delegate = delegate;
        this.permits = new Semaphore(maxConcurrent, true);
    }

    @Override
    public String hash(String secret) {
        acquire();
        try {
            return delegate.hash(secret);
        } finally {
            permits.release();
        }
    }

    @Override
    public boolean verify(String phc, String secret) {
        acquire();
        try {
            return delegate.verify(phc, secret);
        } finally {
            permits.release();
        }
    }

    @Override
    public boolean needsRehash(String phc) {
        return delegate.needsRehash(phc);
    }

    private void acquire() {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to hash a password", e);
        }
    }
}
