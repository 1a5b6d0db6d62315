package org.billing.iam.core.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.auth.LoginLockout;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A correct code races a failure that locks the account. The failure's transaction has
 * written the lock but not committed it while the correct code is checked, so the code's
 * request reads the row as unlocked, and the lock commits before that request finishes.
 */
class MfaLockRaceTest {

    private final TestIam iam = TestIam.start(8);
    private final MfaLoginService mfa = iam.core().mfaLogin();
    private final TestUser user = iam.user().withMfa().create();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void close() {
        threads.shutdownNow();
        iam.close();
    }

    @Test
    void totpCodeRejectedWhenLockCommitsMeanwhile() throws Exception {
        String token = mfaTokenAfterNineFailures();

        Throwable outcome = raceAgainstLock(() -> mfa.loginWithTotp(token, user.totpCode(iam.clock()),
                TestIam.REQUEST));

        assertThat(outcome).isInstanceOf(BusinessRuleException.class).hasMessage(MfaAttempts.INVALID_CODE);
        assertThat(iam.db().fetchCount(SESSIONS)).isZero();
        assertThat(iam.db().fetchValue(USERS.LOCKED_UNTIL, USERS.USER_ID.eq(user.userId()))).isNotNull();
    }

    @Test
    void recoveryCodeRejectedWhenLockCommitsMeanwhile() throws Exception {
        String token = mfaTokenAfterNineFailures();

        Throwable outcome = raceAgainstLock(() -> mfa.loginWithRecoveryCode(token, user.recoveryCodes().get(0),
                TestIam.REQUEST));

        assertThat(outcome).isInstanceOf(BusinessRuleException.class).hasMessage(MfaAttempts.INVALID_CODE);
        assertThat(iam.db().fetchCount(SESSIONS)).isZero();
        assertThat(iam.core().recoveryCodes().countUnused(user.userId())).isEqualTo(10);
    }

    /** Signs in with the password and leaves nine failed attempts, one short of the lock. */
    private String mfaTokenAfterNineFailures() {
        String token = iam.core().login().login(user.email(), user.password(), TestIam.REQUEST).mfaSessionToken();
        iam.db().update(USERS)
                .set(USERS.FAILED_LOGIN_COUNT, LoginLockout.MAX_FAILED_ATTEMPTS - 1)
                .where(USERS.USER_ID.eq(user.userId()))
                .execute();
        return token;
    }

    /**
     * Runs {@code attempt} while another transaction holds the user row with an uncommitted
     * lock, commits the lock once the attempt waits on that row or has finished, and returns
     * what the attempt threw, or null when it succeeded.
     */
    private Throwable raceAgainstLock(Callable<?> attempt) throws Exception {
        CountDownLatch lockWritten = new CountDownLatch(1);
        CompletableFuture<Void> commit = new CompletableFuture<>();
        Future<?> locker = threads.submit(() -> iam.db().transaction(configuration -> {
            configuration.dsl().update(USERS)
                    .set(USERS.FAILED_LOGIN_COUNT, LoginLockout.MAX_FAILED_ATTEMPTS)
                    .set(USERS.LOCKED_UNTIL, Timestamps.now(iam.clock()).plus(LoginLockout.LOCK_DURATION))
                    .where(USERS.USER_ID.eq(user.userId()))
                    .execute();
            lockWritten.countDown();
            commit.get(30, TimeUnit.SECONDS);
        }));
        assertThat(lockWritten.await(30, TimeUnit.SECONDS)).isTrue();

        Future<?> result = threads.submit(attempt);
        waitUntilBlockedOrDone(result);
        commit.complete(null);
        locker.get(30, TimeUnit.SECONDS);
        try {
            result.get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private void waitUntilBlockedOrDone(Future<?> attempt) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!attempt.isDone() && System.nanoTime() < deadline) {
            int waiting = iam.db().fetchSingle("select count(*)::int from pg_stat_activity"
                    + " where datname = current_database() and wait_event_type = 'Lock'").get(0, Integer.class);
            if (waiting > 0) {
                return;
            }
            Thread.sleep(10);
        }
    }
}
