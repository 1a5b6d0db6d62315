package org.billing.iam.core.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.RECOVERY_CODES;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.billing.iam.core.auth.LoginLockout;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.session.NewSession;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MfaLoginServiceTest {

    private final TestIam iam = TestIam.start(24);
    private final MfaLoginService mfa = iam.core().mfaLogin();
    private final TestUser user = iam.user().withMfa().create();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void totpCodeOpensSession() {
        NewSession session = mfa.loginWithTotp(mfaToken(), user.totpCode(iam.clock()), TestIam.REQUEST);

        assertThat(iam.core().sessions().validate(session.token())).isPresent();
        assertThat(auditActions()).contains("auth.login_mfa_success");
    }

    @Test
    void eachLoginCreatesNewSessionToken() {
        NewSession first = mfa.loginWithTotp(mfaToken(), user.totpCode(iam.clock()), TestIam.REQUEST);
        iam.clock().advance(Duration.ofSeconds(30));
        NewSession second = mfa.loginWithTotp(mfaToken(), user.totpCode(iam.clock()), TestIam.REQUEST);

        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(second.sessionId()).isNotEqualTo(first.sessionId());
        assertThat(iam.core().sessions().validate(first.token())).isPresent();
    }

    @Test
    void replayedTotpCodeRejected() {
        String code = user.totpCode(iam.clock());
        mfa.loginWithTotp(mfaToken(), code, TestIam.REQUEST);

        assertInvalidCode(() -> mfa.loginWithTotp(mfaToken(), code, TestIam.REQUEST));
        iam.clock().advance(Duration.ofSeconds(29));
        assertInvalidCode(() -> mfa.loginWithTotp(mfaToken(), code, TestIam.REQUEST));
        assertThat(stored().getFailedLoginCount()).isEqualTo(2);
    }

    @Test
    void earlierStepRejectedAfterLaterStep() {
        String later = user.totpCode(iam.clock(), 1);
        String current = user.totpCode(iam.clock());
        mfa.loginWithTotp(mfaToken(), later, TestIam.REQUEST);

        assertInvalidCode(() -> mfa.loginWithTotp(mfaToken(), current, TestIam.REQUEST));
    }

    @Test
    void codesOneStepEitherSideAccepted() {
        mfa.loginWithTotp(mfaToken(), user.totpCode(iam.clock(), -1), TestIam.REQUEST);
        iam.clock().advance(Duration.ofSeconds(60));
        mfa.loginWithTotp(mfaToken(), user.totpCode(iam.clock(), 1), TestIam.REQUEST);

        assertThat(stored().getFailedLoginCount()).isZero();
    }

    @Test
    void codesTwoStepsAwayRejected() {
        assertInvalidCode(() -> mfa.loginWithTotp(mfaToken(), user.totpCode(iam.clock(), 2), TestIam.REQUEST));
        assertInvalidCode(() -> mfa.loginWithTotp(mfaToken(), user.totpCode(iam.clock(), -2), TestIam.REQUEST));
    }

    @Test
    void malformedTotpCodeCountsAsFailure() {
        assertInvalidCode(() -> mfa.loginWithTotp(mfaToken(), "12345a", TestIam.REQUEST));
        assertInvalidCode(() -> mfa.loginWithTotp(mfaToken(), null, TestIam.REQUEST));

        assertThat(stored().getFailedLoginCount()).isEqualTo(2);
        assertThat(auditActions()).containsOnly("auth.login_success", "auth.login_mfa_failed");
    }

    @Test
    void tenWrongCodesLockAccount() {
        String token = mfaToken();
        for (int i = 0; i < LoginLockout.MAX_FAILED_ATTEMPTS; i++) {
            assertInvalidCode(() -> mfa.loginWithTotp(token, "000000", TestIam.REQUEST));
        }

        assertThat(stored().getLockedUntil()).isNotNull();
    }

    @Test
    void lockedAccountRejectsCorrectTotpCode() {
        String token = mfaToken();
        lockAccount();

        BusinessRuleException locked = assertInvalidCode(
                () -> mfa.loginWithTotp(token, user.totpCode(iam.clock()), TestIam.REQUEST));
        BusinessRuleException wrong = assertInvalidCode(() -> mfa.loginWithTotp(token, "000000", TestIam.REQUEST));

        assertThat(locked.getMessage()).isEqualTo(wrong.getMessage());
    }

    @Test
    void completedLoginResetsFailedCount() {
        String token = mfaToken();
        assertInvalidCode(() -> mfa.loginWithTotp(token, "000000", TestIam.REQUEST));

        mfa.loginWithTotp(token, user.totpCode(iam.clock()), TestIam.REQUEST);

        assertThat(stored().getFailedLoginCount()).isZero();
    }

    @Test
    void setupTokenCannotCompleteLogin() {
        TestUser unenrolled = iam.user().create();
        String setupToken = iam.core().login().login(unenrolled.email(), unenrolled.password(), TestIam.REQUEST)
                .mfaSessionToken();

        assertThatThrownBy(() -> mfa.loginWithTotp(setupToken, "123456", TestIam.REQUEST))
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> mfa.loginWithRecoveryCode(setupToken, "ABCD-EFGH", TestIam.REQUEST))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void recoveryCodeOpensSessionAndReportsRemaining() {
        RecoveryLogin result = mfa.loginWithRecoveryCode(mfaToken(), user.recoveryCodes().get(3), TestIam.REQUEST);

        assertThat(result.remainingRecoveryCodes()).isEqualTo(9);
        assertThat(iam.core().sessions().validate(result.session().token())).isPresent();
        assertThat(auditActions()).contains("auth.login_recovery_used");
    }

    @Test
    void recoveryCodeWorksOnce() {
        String code = user.recoveryCodes().get(0);
        mfa.loginWithRecoveryCode(mfaToken(), code, TestIam.REQUEST);

        assertInvalidCode(() -> mfa.loginWithRecoveryCode(mfaToken(), code, TestIam.REQUEST));
    }

    @Test
    void recoveryCodeNormalisedBeforeCheck() {
        String typed = " " + user.recoveryCodes().get(1).replace("-", "").toLowerCase(Locale.ROOT) + " ";

        assertThat(mfa.loginWithRecoveryCode(mfaToken(), typed, TestIam.REQUEST).remainingRecoveryCodes())
                .isEqualTo(9);
    }

    @Test
    void malformedRecoveryCodeCountsAsFailure() {
        assertInvalidCode(() -> mfa.loginWithRecoveryCode(mfaToken(), "O0I1-O0I1", TestIam.REQUEST));
        assertInvalidCode(() -> mfa.loginWithRecoveryCode(mfaToken(), "", TestIam.REQUEST));

        assertThat(stored().getFailedLoginCount()).isEqualTo(2);
    }

    @Test
    void lockedAccountRejectsCorrectRecoveryCode() {
        String token = mfaToken();
        lockAccount();

        assertInvalidCode(() -> mfa.loginWithRecoveryCode(token, user.recoveryCodes().get(0), TestIam.REQUEST));
        assertThat(iam.db().fetchCount(RECOVERY_CODES, RECOVERY_CODES.USED.isFalse())).isEqualTo(10);
    }

    @Test
    void twentyConcurrentUsesOfOneCodeSucceedOnce() throws Exception {
        String token = mfaToken();
        String code = user.recoveryCodes().get(0);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attempts.add(() -> {
                start.await();
                try {
                    mfa.loginWithRecoveryCode(token, code, TestIam.REQUEST);
                    return true;
                } catch (BusinessRuleException e) {
                    return false;
                }
            });
        }

        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            attempts.forEach(attempt -> results.add(pool.submit(attempt)));
            start.countDown();
            int successes = 0;
            for (Future<Boolean> result : results) {
                successes += result.get() ? 1 : 0;
            }
            assertThat(successes).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(iam.db().fetchCount(RECOVERY_CODES, RECOVERY_CODES.USED.isTrue())).isEqualTo(1);
    }

    private String mfaToken() {
        return iam.core().login().login(user.email(), user.password(), TestIam.REQUEST).mfaSessionToken();
    }

    private void lockAccount() {
        for (int i = 0; i < LoginLockout.MAX_FAILED_ATTEMPTS; i++) {
            try {
                iam.core().login().login(user.email(), "Wrong-password-1", TestIam.REQUEST);
            } catch (BusinessRuleException expected) {
                // Each failure counts towards the lock.
            }
        }
        assertThat(stored().getLockedUntil()).isNotNull();
    }

    private static BusinessRuleException assertInvalidCode(Runnable attempt) {
        try {
            attempt.run();
        } catch (BusinessRuleException e) {
            assertThat(e.getMessage()).isEqualTo(MfaAttempts.INVALID_CODE);
            return e;
        }
        throw new AssertionError("The code was accepted");
    }

    private UsersRecord stored() {
        return iam.db().selectFrom(USERS).where(USERS.USER_ID.eq(user.userId())).fetchSingle();
    }

    private List<String> auditActions() {
        return iam.db().select(AUDIT_LOG.ACTION).from(AUDIT_LOG).fetch(AUDIT_LOG.ACTION);
    }
}
