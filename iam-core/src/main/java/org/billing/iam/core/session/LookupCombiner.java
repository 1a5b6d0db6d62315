package org.billing.iam.core.session;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Runs lookups by key through a function that takes many keys at once, combining the lookups
 * that arrive while earlier ones are running.
 *
 * <p>At most {@code maxRunning} runner threads call the function at a time. A lookup that
 * finds a free slot starts a runner, which calls the function for that lookup alone. A lookup
 * that finds none waits in a queue. A runner whose call ended takes up to {@code maxKeys}
 * waiting lookups, oldest first, calls the function for them, and repeats until none waits.
 * Under light load every lookup runs alone and waits for nothing; under heavy load one call
 * serves many lookups. Futures complete on a runner thread, so code that depends on them
 * must not block.
 *
 * <p>A lookup that waits longer than {@code maxWait} for a call fails with a
 * {@link LookupTimeoutException}. Once a call has taken a lookup, the lookup waits for that
 * call to end, so the function must bound its own running time.
 *
 * <p>Every call of the function starts after each of its lookups was requested, so a call
 * that reads the database reads every transaction committed before any of its lookups
 * began: combining never serves a lookup from an older read.
 *
 * @param <K> the key type; equal keys in one call are passed once
 * @param <V> the value type; a key missing from the function's map has a null value
 */
final class LookupCombiner<K, V> {

    /** Time after which an idle runner thread ends. */
    private static final long RUNNER_KEEP_ALIVE_SECONDS = 60;

    private final Function<Set<K>, Map<K, V>> fetch;
    private final int maxRunning;
    private final int maxKeys;
    private final long maxWaitNanos;
    private final ThreadPoolExecutor runners;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Lookup<K, V>> waiting = new ArrayDeque<>();
    private int running;
    private boolean sweepScheduled;

    /** Creates the combiner with up to {@code maxRunning} daemon runner threads named {@code threadName-N}. */
    LookupCombiner(Function<Set<K>, Map<K, V>> fetch, int maxRunning, int maxKeys, Duration maxWait,
            String threadName) {
        if (maxRunning < 1 || maxKeys < 1 || maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxRunning and maxKeys must be at least 1 and maxWait positive");
        }
        this.fetch = fetch;
        this.maxRunning = maxRunning;
        this.maxKeys = maxKeys;
        this.maxWaitNanos = maxWait.toNanos();
        this.runners = new ThreadPoolExecutor(maxRunning, maxRunning, RUNNER_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name(threadName + "-", 1).daemon().factory());
        runners.allowCoreThreadTimeOut(true);
    }

    /**
     * Returns the value for a key, or null when the function found none, waiting for the
     * call that serves it. An interrupt does not end the wait, and the interrupt status is
     * kept.
     *
     * @throws LookupFailedException when the function call that served this lookup threw;
     *     its exception is the cause
     * @throws LookupTimeoutException when no call took the lookup within {@code maxWait}
     */
    V get(K key) {
        try {
            return getAsync(key).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /**
     * Returns a future of the value for a key, null when the function found none. It fails
     * with {@link LookupFailedException} or {@link LookupTimeoutException} as {@link #get} throws.
     */
    CompletableFuture<V> getAsync(K key) {
        Lookup<K, V> lookup = new Lookup<>(key, System.nanoTime(), new CompletableFuture<>());
        boolean slotFree;
        boolean startSweep = false;
        lock.lock();
        try {
            slotFree = running < maxRunning;
            if (slotFree) {
                running++;
            } else {
                waiting.addLast(lookup);
                startSweep = !sweepScheduled;
                sweepScheduled = true;
            }
        } finally {
            lock.unlock();
        }
        if (slotFree) {
            runners.execute(() -> {
                try {
                    run(List.of(lookup));
                } finally {
                    drain();
                }
            });
        }
        if (startSweep) {
            scheduleSweep(maxWaitNanos);
        }
        return lookup.future;
    }

    /** Number of lookups waiting for a call; tests use it to line up a known batch. */
    int waitingCount() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Calls the function for waiting lookups until none waits, then frees this runner's slot. */
    private void drain() {
        while (true) {
            List<Lookup<K, V>> batch;
            List<Lookup<K, V>> expired = new ArrayList<>(0);
            lock.lock();
            try {
                long now = System.nanoTime();
                batch = new ArrayList<>(Math.min(maxKeys, waiting.size()));
                while (batch.size() < maxKeys && !waiting.isEmpty()) {
                    Lookup<K, V> next = waiting.pollFirst();
                    (next.isOverdue(now, maxWaitNanos) ? expired : batch).add(next);
                }
                if (batch.isEmpty() && expired.isEmpty()) {
                    running--;
                    return;
                }
            } finally {
                lock.unlock();
            }
            failTimedOut(expired);
            if (!batch.isEmpty()) {
                run(batch);
            }
        }
    }

    /**
     * Calls the function for a batch and completes each lookup's future. Any exception fails
     * the lookups still open, so a slot is never lost to an exception.
     */
    private void run(List<Lookup<K, V>> batch) {
        try {
            Set<K> keys = new LinkedHashSet<>(batch.size() * 2);
            for (Lookup<K, V> lookup : batch) {
                keys.add(lookup.key);
            }
            Map<K, V> found = fetch.apply(keys);
            for (Lookup<K, V> lookup : batch) {
                lookup.future.complete(found.get(lookup.key));
            }
        } catch (RuntimeException | Error e) {
            for (Lookup<K, V> lookup : batch) {
                lookup.future.completeExceptionally(new LookupFailedException(e));
            }
        }
    }

    /**
     * Fails the waiting lookups that are overdue after {@code delayNanos}, on the JDK's
     * delay thread rather than a runner, because every runner may be inside a long call.
     */
    private void scheduleSweep(long delayNanos) {
        CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, Runnable::run).execute(this::sweep);
    }

    /** Fails the overdue waiting lookups, and schedules the next sweep for when the oldest remaining one is due. */
    private void sweep() {
        List<Lookup<K, V>> expired = new ArrayList<>(0);
        long nextDelayNanos = -1;
        lock.lock();
        try {
            long now = System.nanoTime();
            while (!waiting.isEmpty() && waiting.peekFirst().isOverdue(now, maxWaitNanos)) {
                expired.add(waiting.pollFirst());
            }
            if (waiting.isEmpty()) {
                sweepScheduled = false;
            } else {
                nextDelayNanos = waiting.peekFirst().startNanos + maxWaitNanos - now + 1;
            }
        } finally {
            lock.unlock();
        }
        if (nextDelayNanos > 0) {
            scheduleSweep(nextDelayNanos);
        }
        failTimedOut(expired);
    }

    private void failTimedOut(List<Lookup<K, V>> expired) {
        for (Lookup<K, V> lookup : expired) {
            lookup.future.completeExceptionally(new LookupTimeoutException(maxWaitNanos));
        }
    }

    /** Thrown to each lookup of a function call that failed. */
    static final class LookupFailedException extends RuntimeException {
        LookupFailedException(Throwable cause) {
            super("Combined lookup failed: " + cause, cause);
        }
    }

    /**
     * Thrown to a lookup that no call took in time, because the running calls have not
     * ended. Its cause is a {@link SQLTransientConnectionException}, as a connection pool
     * raises when no connection comes free in time.
     */
    static final class LookupTimeoutException extends RuntimeException {
        LookupTimeoutException(long waitedNanos) {
            super("Timed out after " + Duration.ofNanos(waitedNanos).toMillis() + " ms waiting for a running lookup to end",
                    new SQLTransientConnectionException("No lookup slot came free in time"));
        }
    }

    /** A lookup of {@code key} requested at {@code startNanos} in {@link System#nanoTime()} terms. */
    private record Lookup<K, V>(K key, long startNanos, CompletableFuture<V> future) {
        boolean isOverdue(long nowNanos, long maxWaitNanos) {
            return nowNanos - startNanos >= maxWaitNanos;
        }
    }
}
