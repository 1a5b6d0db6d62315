package org.billing.iam.core.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.RATE_LIMIT_COUNTERS;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CleanupJobTest {

    private final TestIam iam = TestIam.start(4);

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void runReportsDeletedRows() {
        TestUser user = iam.user().create();
        iam.core().sessions().create(user.userId(), TestIam.REQUEST);
        iam.core().lifecycle().rateLimiter().check("k", 5, Duration.ofMinutes(1));
        iam.clock().advance(Duration.ofDays(32));

        CleanupJob.CleanupReport report = iam.core().lifecycle().cleanup().run();

        assertThat(report.sessions()).isEqualTo(1);
        assertThat(report.rateLimitCounters()).isEqualTo(1);
        assertThat(iam.db().fetchCount(SESSIONS)).isZero();
        assertThat(iam.db().fetchCount(RATE_LIMIT_COUNTERS)).isZero();
    }

    @Test
    void schedulerKeepsRunningAfterFailure() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch thirdRun = new CountDownLatch(3);
        Runnable failing = () -> {
            runs.incrementAndGet();
            thirdRun.countDown();
            throw new IllegalStateException("database unavailable");
        };

        try (CleanupScheduler scheduler = new CleanupScheduler(failing, Duration.ZERO, Duration.ofMillis(10))) {
            scheduler.start();
            assertThat(thirdRun.await(10, TimeUnit.SECONDS)).isTrue();
        }
        int afterClose = runs.get();

        assertThat(afterClose).isGreaterThanOrEqualTo(3);
        Thread.sleep(50);
        assertThat(runs.get()).isEqualTo(afterClose);
    }
}
