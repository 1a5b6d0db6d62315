package org.billing.iam.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoginServiceTest {

    private final TestIam iam = TestIam.start();
    private final LoginService login = iam.core().login();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void correctPasswordWithMfaRequiresMfaStep() {
        TestUser user = iam.user().withMfa().create();

        LoginResult result = login.login(user.email(), user.password(), TestIam.REQUEST);

        assertThat(result.mfaRequired()).isTrue();
        assertThat(result.mfaSetupRequired()).isFalse();
        assertThat(tokens().verify(result.mfaSessionToken(), MfaPurpose.MFA).userId()).isEqualTo(user.userId());
        assertThat(auditActions()).containsExactly("auth.login_success");
    }

    @Test
    void correctPasswordWithoutMfaRequiresSetup() {
        TestUser user = iam.user().create();

        LoginResult result = login.login(user.email(), user.password(), TestIam.REQUEST);

        assertThat(result.mfaSetupRequired()).isTrue();
        assertThat(result.mfaRequired()).isFalse();
        assertThat(tokens().verify(result.mfaSessionToken(), MfaPurpose.MFA_SETUP).userId()).isEqualTo(user.userId());
        assertThatThrownBy(() -> tokens().verify(result.mfaSessionToken(), MfaPurpose.MFA))
                .isInstanceOf(org.billing.iam.core.error.UnauthorizedException.class);
    }

    @Test
    void emailMatchedIgnoringCaseAndSpaces() {
        TestUser user = iam.user().email("dr.case@example.org").create();

        LoginResult result = login.login("  Dr.Case@EXAMPLE.org ", user.password(), TestIam.REQUEST);

        assertThat(result.mfaSetupRequired()).isTrue();
    }

    @Test
    void unknownEmailAndWrongPasswordGiveSameAnswer() {
        TestUser user = iam.user().create();

        BusinessRuleException unknown = loginFailure("nobody@example.org", user.password());
        int unknownRuns = iam.hasher().runs();
        iam.hasher().reset();
        BusinessRuleException wrong = loginFailure(user.email(), "Wrong-password-1");
        int wrongRuns = iam.hasher().runs();

        assertThat(unknown.getMessage()).isEqualTo(LoginService.INVALID_CREDENTIALS);
        assertThat(wrong.getMessage()).isEqualTo(unknown.getMessage());
        assertThat(wrong.code()).isEqualTo(unknown.code());
        assertThat(unknownRuns).isEqualTo(1);
        assertThat(wrongRuns).isEqualTo(1);
    }

    @Test
    void unknownEmailAuditedWithoutUser() {
        loginFailure("nobody@example.org", "Some-password-1");

        var row = iam.db().selectFrom(AUDIT_LOG).fetchSingle();
        assertThat(row.getAction()).isEqualTo("auth.login_failed");
        assertThat(row.getUserId()).isNull();
        assertThat(row.getDetail().data()).contains("unknown_email").doesNotContain("Some-password-1");
    }

    @Test
    void wrongPasswordIncrementsFailedCount() {
        TestUser user = iam.user().create();

        loginFailure(user.email(), "Wrong-password-1");
        loginFailure(user.email(), "Wrong-password-2");

        assertThat(stored(user).getFailedLoginCount()).isEqualTo(2);
        assertThat(stored(user).getLockedUntil()).isNull();
        String detail = iam.db().select(AUDIT_LOG.DETAIL).from(AUDIT_LOG).limit(1).fetchSingle().value1().data();
        assertThat(detail).contains("invalid_password").doesNotContain("Wrong-password");
    }

    @Test
    void tenthFailureLocksForThirtyMinutes() {
        TestUser user = iam.user().create();
        for (int i = 0; i < 9; i++) {
            loginFailure(user.email(), "Wrong-password-1");
        }
        assertThat(stored(user).getLockedUntil()).isNull();

        loginFailure(user.email(), "Wrong-password-1");

        assertThat(stored(user).getFailedLoginCount()).isEqualTo(10);
        assertThat(stored(user).getLockedUntil()).isEqualTo(Timestamps.now(iam.clock()).plusMinutes(30));
    }

    @Test
    void lockedAccountRejectsCorrectPassword() {
        TestUser user = iam.user().create();
        lock(user);

        BusinessRuleException locked = loginFailure(user.email(), user.password());
        BusinessRuleException wrong = loginFailure(user.email(), "Wrong-password-1");

        assertThat(locked.getMessage()).isEqualTo(LoginService.INVALID_CREDENTIALS);
        assertThat(wrong.getMessage()).isEqualTo(locked.getMessage());
    }

    @Test
    void lockLiftsAfterThirtyMinutes() {
        TestUser user = iam.user().create();
        lock(user);

        iam.clock().advance(Duration.ofMinutes(29).plusSeconds(59));
        loginFailure(user.email(), user.password());
        iam.clock().advance(Duration.ofSeconds(1));

        assertThat(login.login(user.email(), user.password(), TestIam.REQUEST).mfaSetupRequired()).isTrue();
    }

    @Test
    void failureAfterExpiredLockRestartsCountAtOne() {
        TestUser user = iam.user().create();
        lock(user);
        iam.clock().advance(Duration.ofMinutes(31));

        loginFailure(user.email(), "Wrong-password-1");

        assertThat(stored(user).getFailedLoginCount()).isEqualTo(1);
        assertThat(stored(user).getLockedUntil()).isNull();
    }

    @Test
    void fortyConcurrentWrongAttemptsLockAtExactlyTen() throws Exception {
        TestUser user = iam.user().create();
        OffsetDateTime expectedLock = Timestamps.now(iam.clock()).plusMinutes(30);

        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            attempts.add(() -> {
                loginFailure(user.email(), "Wrong-password-1");
                return true;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            for (Future<Boolean> result : pool.invokeAll(attempts)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(stored(user).getFailedLoginCount()).isEqualTo(10);
        assertThat(stored(user).getLockedUntil()).isEqualTo(expectedLock);
    }

    @Test
    void correctPasswordDoesNotResetFailedCount() {
        TestUser user = iam.user().create();
        loginFailure(user.email(), "Wrong-password-1");

        login.login(user.email(), user.password(), TestIam.REQUEST);

        assertThat(stored(user).getFailedLoginCount()).isEqualTo(1);
    }

    @Test
    void unverifiedEmailRejectedOnlyAfterCorrectPassword() {
        TestUser user = iam.user().unverified().create();

        BusinessRuleException wrong = loginFailure(user.email(), "Wrong-password-1");
        BusinessRuleException correct = loginFailure(user.email(), user.password());

        assertThat(wrong.getMessage()).isEqualTo(LoginService.INVALID_CREDENTIALS);
        assertThat(correct.getMessage()).isEqualTo(LoginService.EMAIL_NOT_VERIFIED);
    }

    @Test
    void unverifiedLockedAccountGetsCredentialAnswer() {
        TestUser user = iam.user().unverified().create();
        lock(user);

        assertThat(loginFailure(user.email(), user.password()).getMessage())
                .isEqualTo(LoginService.INVALID_CREDENTIALS);
    }

    @Test
    void deactivatedAccountGetsCredentialAnswer() {
        TestUser user = iam.user().inactive().create();

        assertThat(loginFailure(user.email(), user.password()).getMessage())
                .isEqualTo(LoginService.INVALID_CREDENTIALS);
    }

    @Test
    void missingFieldsAreValidationErrors() {
        assertThatThrownBy(() -> login.login(" ", "Password-123!", TestIam.REQUEST))
                .isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("email");
        assertThatThrownBy(() -> login.login("a@example.org", "", TestIam.REQUEST))
                .isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("password");
        assertThatThrownBy(() -> login.login("a@example.org", "x".repeat(1025), TestIam.REQUEST))
                .isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("password");
    }

    @Test
    void outdatedHashUpgradedOnCorrectPassword() {
        TestUser user = iam.user().create();
        String weak = org.billing.iam.core.crypto.Argon2idHasher.hashWithSalt(user.password(), new byte[16],
                new org.billing.iam.core.crypto.Argon2Parameters(64, 1, 1));
        iam.db().update(USERS).set(USERS.PASSWORD_HASH, weak).where(USERS.USER_ID.eq(user.userId())).execute();

        login.login(user.email(), user.password(), TestIam.REQUEST);

        String upgraded = stored(user).getPasswordHash();
        assertThat(upgraded).startsWith("$argon2id$v=19$m=256,t=1,p=1$");
        assertThat(iam.hasher().verify(upgraded, user.password())).isTrue();
    }

    private BusinessRuleException loginFailure(String email, String password) {
        try {
            login.login(email, password, TestIam.REQUEST);
        } catch (BusinessRuleException e) {
            return e;
        }
        throw new AssertionError("Login succeeded for " + email);
    }

    private void lock(TestUser user) {
        for (int i = 0; i < LoginLockout.MAX_FAILED_ATTEMPTS; i++) {
            loginFailure(user.email(), "Wrong-password-1");
        }
        assertThat(stored(user).getLockedUntil()).isNotNull();
    }

    private UsersRecord stored(TestUser user) {
        return iam.db().selectFrom(USERS).where(USERS.USER_ID.eq(user.userId())).fetchSingle();
    }

    private MfaSessionTokens tokens() {
        return new MfaSessionTokens(iam.settings().mfaTokenKey(), iam.clock(),
                new org.billing.iam.core.crypto.SecureTokens());
    }

    private List<String> auditActions() {
        return iam.db().select(AUDIT_LOG.ACTION).from(AUDIT_LOG).fetch(AUDIT_LOG.ACTION);
    }
}
