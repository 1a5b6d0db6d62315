package org.billing.iam.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.billing.iam.core.session.LookupCombiner.LookupFailedException;
import org.billing.iam.core.session.LookupCombiner.LookupTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LookupCombinerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Set<String>> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstCallStarted = new CountDownLatch(1);
    private final CountDownLatch releaseFirstCall = new CountDownLatch(1);

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void freeSlotRunsLookupAlone() {
        LookupCombiner<String, String> combiner = combiner(recording(keys -> upperCase(keys)), 1, 8, WAIT);

        assertThat(combiner.get("a")).isEqualTo("A");
        assertThat(combiner.get("b")).isEqualTo("B");

        assertThat(calls).containsExactly(Set.of("a"), Set.of("b"));
    }

    @Test
    void missingKeyHasNullValue() {
        LookupCombiner<String, String> combiner = combiner(keys -> Map.of(), 1, 8, WAIT);

        assertThat(combiner.get("absent")).isNull();
    }

    @Test
    void lateLookupsShareNextCall() throws Exception {
        LookupCombiner<String, String> combiner = combiner(recording(this::upperCaseAfterFirstCallReleased), 1, 8, WAIT);

        Future<String> first = threads.submit(() -> combiner.get("first"));
        assertThat(firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<String>> later = new ArrayList<>();
        for (String key : List.of("b", "c", "d", "c")) {
            later.add(threads.submit(() -> combiner.get(key)));
        }
        awaitWaiting(combiner, 4);
        releaseFirstCall.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        List<String> values = new ArrayList<>();
        for (Future<String> future : later) {
            values.add(future.get(10, TimeUnit.SECONDS));
        }
        assertThat(values).containsExactly("B", "C", "D", "C");
        assertThat(calls).containsExactly(Set.of("first"), Set.of("b", "c", "d"));
    }

    @Test
    void batchTakesOldestUpToMaxKeys() throws Exception {
        LookupCombiner<String, String> combiner = combiner(recording(this::upperCaseAfterFirstCallReleased), 1, 2, WAIT);

        Future<String> first = threads.submit(() -> combiner.get("first"));
        assertThat(firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<String>> later = new ArrayList<>();
        for (String key : List.of("k1", "k2", "k3", "k4", "k5")) {
            later.add(threads.submit(() -> combiner.get(key)));
            awaitWaiting(combiner, later.size());
        }
        releaseFirstCall.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (Future<String> future : later) {
            future.get(10, TimeUnit.SECONDS);
        }
        assertThat(calls).containsExactly(Set.of("first"), Set.of("k1", "k2"), Set.of("k3", "k4"), Set.of("k5"));
    }

    @Test
    void failedCallFailsItsLookups() throws Exception {
        AtomicInteger call = new AtomicInteger();
        IllegalStateException broken = new IllegalStateException("database gone");
        LookupCombiner<String, String> combiner = combiner(keys -> {
            int number = call.incrementAndGet();
            if (number == 1) {
                firstCallStarted.countDown();
                await(releaseFirstCall);
                return upperCase(keys);
            }
            if (number == 2) {
                throw broken;
            }
            return upperCase(keys);
        }, 1, 8, WAIT);

        Future<String> first = threads.submit(() -> combiner.get("first"));
        assertThat(firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Future<String> second = threads.submit(() -> combiner.get("x"));
        Future<String> third = threads.submit(() -> combiner.get("y"));
        awaitWaiting(combiner, 2);
        releaseFirstCall.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        for (Future<String> failed : List.of(second, third)) {
            assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(LookupFailedException.class)
                    .cause()
                    .isSameAs(broken);
        }
        assertThat(combiner.get("z")).isEqualTo("Z");
    }

    @Test
    void brokenResultFailsAndFreesSlot() {
        LookupCombiner<String, String> combiner = combiner(keys -> null, 1, 8, WAIT);

        for (String key : List.of("a", "b")) {
            assertThatThrownBy(() -> combiner.get(key))
                    .isInstanceOf(LookupFailedException.class)
                    .hasCauseInstanceOf(NullPointerException.class);
        }
    }

    @Test
    void waiterTimesOutWithoutFreeSlot() throws Exception {
        LookupCombiner<String, String> combiner =
                combiner(recording(this::upperCaseAfterFirstCallReleased), 1, 8, Duration.ofMillis(200));

        Future<String> first = threads.submit(() -> combiner.get("first"));
        assertThat(firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> combiner.get("late"))
                .isInstanceOf(LookupTimeoutException.class)
                .hasCauseInstanceOf(SQLTransientConnectionException.class);
        assertThat(combiner.waitingCount()).isZero();
        releaseFirstCall.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        assertThat(combiner.get("next")).isEqualTo("NEXT");
        assertThat(calls).containsExactly(Set.of("first"), Set.of("next"));
    }

    @Test
    void interruptedWaiterKeepsValueAndInterrupt() throws Exception {
        LookupCombiner<String, String> combiner = combiner(this::upperCaseAfterFirstCallReleased, 1, 8, WAIT);

        Future<String> first = threads.submit(() -> combiner.get("first"));
        assertThat(firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Thread[] waiter = new Thread[1];
        Future<String> interrupted = threads.submit(() -> {
            waiter[0] = Thread.currentThread();
            String value = combiner.get("w");
            return value + (Thread.currentThread().isInterrupted() ? " interrupted" : "");
        });
        awaitWaiting(combiner, 1);
        waiter[0].interrupt();
        releaseFirstCall.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        assertThat(interrupted.get(10, TimeUnit.SECONDS)).isEqualTo("W interrupted");
    }

    @Test
    void asyncLookupReturnsBeforeItsCallEnds() throws Exception {
        LookupCombiner<String, String> combiner = combiner(this::upperCaseAfterFirstCallReleased, 1, 8, WAIT);

        CompletableFuture<String> first = combiner.getAsync("first");
        assertThat(firstCallStarted.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<String> queued = combiner.getAsync("queued");

        assertThat(first).isNotDone();
        assertThat(queued).isNotDone();
        releaseFirstCall.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("FIRST");
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("QUEUED");
    }

    @Test
    void manyThreadsEachGetTheirOwnValue() throws Exception {
        LookupCombiner<String, String> combiner = combiner(recording(keys -> upperCase(keys)), 2, 16, WAIT);
        int threadCount = 16;
        int lookupsPerThread = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            int thread = t;
            workers.add(threads.submit(() -> {
                start.await();
                int wrong = 0;
                for (int i = 0; i < lookupsPerThread; i++) {
                    String key = "t" + thread + "-" + (i % 7);
                    if (!key.toUpperCase().equals(combiner.get(key))) {
                        wrong++;
                    }
                }
                return wrong;
            }));
        }
        start.countDown();

        for (Future<Integer> worker : workers) {
            assertThat(worker.get(60, TimeUnit.SECONDS)).isZero();
        }
        assertThat(combiner.waitingCount()).isZero();
        assertThat(calls).allSatisfy(keys -> assertThat(keys).hasSizeBetween(1, 16));
    }

    private Function<Set<String>, Map<String, String>> recording(Function<Set<String>, Map<String, String>> fetch) {
        return keys -> {
            calls.add(Set.copyOf(keys));
            return fetch.apply(keys);
        };
    }

    /** Upper-cases the keys, but first blocks a call for the key "first" until the test releases it. */
    private Map<String, String> upperCaseAfterFirstCallReleased(Set<String> keys) {
        if (keys.contains("first")) {
            firstCallStarted.countDown();
            await(releaseFirstCall);
        }
        return upperCase(keys);
    }

    private static Map<String, String> upperCase(Set<String> keys) {
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
            values.put(key, key.toUpperCase());
        }
        return values;
    }

    private static LookupCombiner<String, String> combiner(Function<Set<String>, Map<String, String>> fetch,
            int maxRunning, int maxKeys, Duration maxWait) {
        return new LookupCombiner<>(fetch, maxRunning, maxKeys, maxWait, "test-lookup");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitWaiting(LookupCombiner<?, ?> combiner, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (combiner.waitingCount() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " waiting lookups, found " + combiner.waitingCount());
            }
            Thread.sleep(1);
        }
    }
}
