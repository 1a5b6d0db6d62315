package org.billing.iam.core.session;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Runs lookups by key through a function that takes many keys at once, combining the lookups
 * that arrive while earlier ones are running.
 *
 * <p>At most {@code maxRunning} calls of the function run at a time. A lookup that finds a
 * free slot runs at once, alone or with whatever is waiting. A lookup that finds none waits;
 * when a call ends, the oldest waiting lookup's thread takes the slot and runs the next call
 * for up to {@code maxKeys} waiting lookups, its own first. Under light load every lookup
 * runs alone and waits for nothing; under heavy load one call serves many lookups.
 *
 * <p>A lookup that waits longer than {@code maxWait} for a slot gives up with a
 * {@link LookupTimeoutException}. Once a call has taken a lookup, the lookup waits for that
 * call to end, so the function must bound its own running time.
 *
 * <p>Every call of the function starts after each of its lookups was asked for, so a call
 * that reads the database reads every transaction committed before any of its lookups
 * began: combining never serves a lookup from an older read.
 *
 * @param <K> the key type; equal keys in one call are passed once
 * @param <V> the value type; a key missing from the function's map has a null value
 */
final class LookupCombiner<K, V> {

    private final Function<Set<K>, Map<K, V>> fetch;
    private final int maxRunning;
    private final int maxKeys;
    private final long maxWaitNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Lookup<K, V>> waiting = new ArrayDeque<>();
    private int running;

    LookupCombiner(Function<Set<K>, Map<K, V>> fetch, int maxRunning, int maxKeys, Duration maxWait) {
        if (maxRunning < 1 || maxKeys < 1 || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxRunning and maxKeys must be at least 1 and maxWait positive");
        }
        this.fetch = fetch;
        this.maxRunning = maxRunning;
        this.maxKeys = maxKeys;
        this.maxWaitNanos = maxWait.toNanos();
    }

    /**
     * Returns the value for a key, or null when the function found none.
     *
     * @throws LookupFailedException when the function call that served this lookup threw;
     *     its exception is the cause
     * @throws LookupTimeoutException when no slot came free within {@code maxWait}
     */
    V get(K key) {
        Lookup<K, V> own = new Lookup<>(key, Thread.currentThread());
        List<Lookup<K, V>> batch = null;
        lock.lock();
        try {
            if (running < maxRunning) {
                running++;
                batch = takeBatch(own);
            } else {
                waiting.addLast(own);
            }
        } finally {
            lock.unlock();
        }
        if (batch == null) {
            batch = awaitTurn(own);
        }
        if (batch != null) {
            run(batch);
        }
        return own.value();
    }

    /**
     * Waits until a call takes {@code own}. Returns null when another thread's call completed
     * it, or the batch to run when this thread received the slot.
     */
    private List<Lookup<K, V>> awaitTurn(Lookup<K, V> own) {
        long deadline = System.nanoTime() + maxWaitNanos;
        if (own.awaitTurn(deadline)) {
            return own.batch;
        }
        lock.lock();
        try {
            if (waiting.remove(own)) {
                throw new LookupTimeoutException(maxWaitNanos);
            }
        } finally {
            lock.unlock();
        }
        // A call took the lookup just as the wait ended; that call now completes it.
        own.awaitTurn(Long.MAX_VALUE);
        return own.batch;
    }

    /** Number of lookups waiting for a slot; tests use it to line up a known batch. */
    int waitingCount() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Takes {@code first} and up to {@code maxKeys - 1} waiting lookups, oldest first. Holds the lock. */
    private List<Lookup<K, V>> takeBatch(Lookup<K, V> first) {
        List<Lookup<K, V>> batch = new ArrayList<>(Math.min(maxKeys, waiting.size() + 1));
        batch.add(first);
        while (batch.size() < maxKeys && !waiting.isEmpty()) {
            batch.add(waiting.pollFirst());
        }
        return batch;
    }

    private void run(List<Lookup<K, V>> batch) {
        try {
            Set<K> keys = new LinkedHashSet<>(batch.size() * 2);
            for (Lookup<K, V> lookup : batch) {
                keys.add(lookup.key);
            }
            Map<K, V> found = fetch.apply(keys);
            for (Lookup<K, V> lookup : batch) {
                lookup.complete(found.get(lookup.key), null);
            }
        } catch (RuntimeException | Error e) {
            for (Lookup<K, V> lookup : batch) {
                lookup.complete(null, e);
            }
            if (e instanceof Error error) {
                handOff();
                throw error;
            }
        }
        handOff();
    }

    /** Passes this thread's slot to the oldest waiting lookup, or frees it when none waits. */
    private void handOff() {
        Lookup<K, V> next;
        List<Lookup<K, V>> batch;
        lock.lock();
        try {
            next = waiting.pollFirst();
            if (next == null) {
                running--;
                return;
            }
            batch = takeBatch(next);
        } finally {
            lock.unlock();
        }
        next.lead(batch);
    }

    /** Thrown to each lookup of a function call that failed. */
    static final class LookupFailedException extends RuntimeException {
        LookupFailedException(Throwable cause) {
            super("Combined lookup failed: " + cause, cause);
        }
    }

    /**
     * Thrown to a lookup that found no free slot in time, because the running calls have not
     * ended. Its cause is a {@link SQLTransientConnectionException}, as a connection pool
     * raises when no connection comes free in time.
     */
    static final class LookupTimeoutException extends RuntimeException {
        LookupTimeoutException(long waitedNanos) {
            super("Timed out after " + Duration.ofNanos(waitedNanos).toMillis() + " ms waiting for a running lookup to end",
                    new SQLTransientConnectionException("No lookup slot came free in time"));
        }
    }

    private static final class Lookup<K, V> {
        private static final int WAITING = 0;
        private static final int LEADING = 1;
        private static final int DONE = 2;

        final K key;
        private final Thread owner;
        // Written before the volatile write of state, read after its volatile read.
        List<Lookup<K, V>> batch;
        private V value;
        private Throwable failure;
        private volatile int state = WAITING;

        Lookup(K key, Thread owner) {
            this.key = key;
            this.owner = owner;
        }

        void lead(List<Lookup<K, V>> batch) {
            this.batch = batch;
            state = LEADING;
            LockSupport.unpark(owner);
        }

        void complete(V value, Throwable failure) {
            this.value = value;
            this.failure = failure;
            state = DONE;
            if (owner != Thread.currentThread()) {
                LockSupport.unpark(owner);
            }
        }

        /**
         * Parks until another thread completes this lookup or hands this thread a batch, and
         * returns true then, or false when {@code deadline} (in {@link System#nanoTime()}
         * terms, {@link Long#MAX_VALUE} for none) passes first. The caller reads
         * {@link #batch}, null unless this thread received one. An interrupt does not end the
         * wait, since a thread that leaves could strand the lookups queued behind it. The
         * interrupt status is restored on return.
         */
        boolean awaitTurn(long deadline) {
            boolean interrupted = false;
            try {
                while (true) {
                    if (state != WAITING) {
                        return true;
                    }
                    if (deadline == Long.MAX_VALUE) {
                        LockSupport.park(this);
                    } else {
                        long remaining = deadline - System.nanoTime();
                        if (remaining <= 0) {
                            return false;
                        }
                        LockSupport.parkNanos(this, remaining);
                    }
                    if (Thread.interrupted()) {
                        interrupted = true;
                    }
                }
            } finally {
                if (interrupted) {
                    owner.interrupt();
                }
            }
        }

        V value() {
            if (failure != null) {
                throw new LookupFailedException(failure);
            }
            return value;
        }
    }
}
