package org.billing.iam.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.RATE_LIMIT_COUNTERS;

import java.time.Duration;
import java.util.List;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.error.TooManyRequestsException;
import org.billing.iam.core.testing.Concurrent;
import org.billing.iam.core.testing.MutableClock;
import org.billing.iam.core.testing.TestIam;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final TestIam iam = TestIam.start(24);
    private final RateLimiter limiter = iam.core().lifecycle().rateLimiter();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void requestsWithinLimitPass() {
        for (int i = 0; i < 5; i++) {
            limiter.check("login:ip:203.0.113.7", 5, MINUTE);
        }

        assertThat(iam.db().select(RATE_LIMIT_COUNTERS.REQUEST_COUNT).from(RATE_LIMIT_COUNTERS).fetchSingle()
                .value1()).isEqualTo(5);
    }

    @Test
    void sameKeyWithTwoWindowsCountsSeparately() {
        Duration hour = Duration.ofHours(1);
        iam.clock().advance(Duration.ofMinutes(10));
        for (int i = 0; i < 3; i++) {
            limiter.check("login:ip:203.0.113.7", 3, hour);
        }

        limiter.check("login:ip:203.0.113.7", 100, MINUTE);

        assertThatThrownBy(() -> limiter.check("login:ip:203.0.113.7", 3, hour))
                .isInstanceOf(TooManyRequestsException.class);
    }

    @Test
    void requestOverLimitGetsRetryAfter() {
        iam.clock().advance(Duration.ofSeconds(20));
        for (int i = 0; i < 3; i++) {
            limiter.check("login:ip:203.0.113.7", 3, MINUTE);
        }

        assertThatThrownBy(() -> limiter.check("login:ip:203.0.113.7", 3, MINUTE))
                .isInstanceOf(TooManyRequestsException.class)
                .extracting("retryAfter").isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void retryAfterRoundsUpToWholeSecond() {
        iam.clock().advance(Duration.ofMillis(59_500));
        limiter.check("k", 1, MINUTE);

        assertThatThrownBy(() -> limiter.check("k", 1, MINUTE))
                .isInstanceOf(TooManyRequestsException.class)
                .extracting("retryAfter").isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void nextWindowStartsFresh() {
        limiter.check("k", 1, MINUTE);
        assertThatThrownBy(() -> limiter.check("k", 1, MINUTE)).isInstanceOf(TooManyRequestsException.class);

        iam.clock().advance(MINUTE);

        limiter.check("k", 1, MINUTE);
    }

    @Test
    void keysCountSeparately() {
        limiter.check("reset:email:a@example.org", 1, MINUTE);

        limiter.check("reset:email:b@example.org", 1, MINUTE);

        assertThat(iam.db().fetchCount(RATE_LIMIT_COUNTERS)).isEqualTo(2);
    }

    @Test
    void keyStoredOnlyAsHash() {
        limiter.check("reset:email:dr@example.org", 1, MINUTE);

        assertThat(iam.db().select(RATE_LIMIT_COUNTERS.COUNTER_KEY).from(RATE_LIMIT_COUNTERS).fetchSingle().value1())
                .isEqualTo(Sha256.hex("60:reset:email:dr@example.org"));
    }

    @Test
    void twoNodesShareOneBudget() {
        RateLimiter otherNode = new RateLimiter(iam.db(), iam.clock());

        limiter.check("k", 2, MINUTE);
        otherNode.check("k", 2, MINUTE);

        assertThatThrownBy(() -> limiter.check("k", 2, MINUTE)).isInstanceOf(TooManyRequestsException.class);
        assertThatThrownBy(() -> otherNode.check("k", 2, MINUTE)).isInstanceOf(TooManyRequestsException.class);
    }

    @Test
    void laggingNodeDoesNotResetWindow() {
        MutableClock lagging = new MutableClock(iam.clock().instant().minusSeconds(5));
        RateLimiter laggingNode = new RateLimiter(iam.db(), lagging);
        limiter.check("k", 2, MINUTE);
        limiter.check("k", 2, MINUTE);

        assertThatThrownBy(() -> laggingNode.check("k", 2, MINUTE)).isInstanceOf(TooManyRequestsException.class);
    }

    @Test
    void concurrentChecksAdmitExactlyLimit() throws Exception {
        List<Boolean> admitted = Concurrent.run(30, () -> {
            try {
                limiter.check("burst", 10, MINUTE);
                return true;
            } catch (TooManyRequestsException e) {
                return false;
            }
        });

        assertThat(admitted).filteredOn(Boolean::booleanValue).hasSize(10);
    }

    @Test
    void expiredCountersDeleted() {
        limiter.check("old", 1, MINUTE);
        iam.clock().advance(Duration.ofMinutes(2));
        limiter.check("new", 1, MINUTE);

        assertThat(limiter.deleteExpiredCounters()).isEqualTo(1);

        assertThat(iam.db().select(RATE_LIMIT_COUNTERS.COUNTER_KEY).from(RATE_LIMIT_COUNTERS).fetch(RATE_LIMIT_COUNTERS.COUNTER_KEY))
                .containsExactly(Sha256.hex("60:new"));
    }

    @Test
    void invalidArgumentsRejected() {
        assertThatThrownBy(() -> limiter.check("k", 0, MINUTE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.check("k", 1, Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.check("k", 1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
