package org.billing.iam.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedPasswordHasherTest {

    /** Counts how many calls are inside the delegate at the same moment. */
    private static final class ConcurrencyProbe implements PasswordHasher {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger maxInside = new AtomicInteger();

        @Override
        public String hash(String secret) {
            enter();
            return "hash";
        }

        @Override
        public boolean verify(String phc, String secret) {
            enter();
            return phc.equals(secret);
        }

        @Override
        public boolean needsRehash(String phc) {
            return false;
        }

        private void enter() {
            int now = inside.incrementAndGet();
            maxInside.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    @Test
    void concurrentCallsNeverExceedTheCap() throws Exception {
        ConcurrencyProbe probe = new ConcurrencyProbe();
        BoundedPasswordHasher bounded = new BoundedPasswordHasher(probe, 2);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String value = i % 2 == 0 ? "same" : "other";
            results.add(pool.submit(() -> {
                start.await();
                return bounded.verify("same", value);
            }));
        }
        start.countDown();
        int matches = 0;
        for (Future<Boolean> result : results) {
            matches += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();

        assertThat(matches).isEqualTo(32);
        assertThat(probe.maxInside.get()).isEqualTo(2);
    }

    @Test
    void hashPassesThroughTheDelegateResult() {
        BoundedPasswordHasher bounded = new BoundedPasswordHasher(new ConcurrencyProbe(), 1);

        assertThat(bounded.hash("secret")).isEqualTo("hash");
    }
}
