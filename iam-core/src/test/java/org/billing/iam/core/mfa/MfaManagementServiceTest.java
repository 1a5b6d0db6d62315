package org.billing.iam.core.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.PENDING_TOTP_SECRETS;
import static org.billing.iam.schema.jooq.Tables.RECOVERY_CODES;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import java.util.List;
import org.billing.iam.core.auth.LoginLockout;
import org.billing.iam.core.crypto.RecoveryCodes;
import org.billing.iam.core.crypto.Totp;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MfaManagementServiceTest {

    private static final Duration STEP = Duration.ofSeconds(Totp.PERIOD_SECONDS);

    private final TestIam iam = TestIam.start(4);
    private final MfaManagementService mfa = iam.core().lifecycle().mfaManagement();
    private final TestUser user = iam.user().email("dr.mfa@example.org").withMfa().create();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void regenerateReplacesEveryCode() {
        List<String> oldHashes = codeHashes();

        NewRecoveryCodes fresh = mfa.regenerateRecoveryCodes(user.userId(), user.totpCode(iam.clock()), TestIam.REQUEST);

        assertThat(fresh.codes()).hasSize(10).allMatch(code -> code.matches("[A-Z2-9]{4}-[A-Z2-9]{4}"));
        assertThat(fresh.toString()).doesNotContain(fresh.codes().get(0));
        assertThat(codeHashes()).hasSize(10).doesNotContainAnyElementsOf(oldHashes);
        String normalised = RecoveryCodes.normalise(fresh.codes().get(0)).orElseThrow();
        assertThat(codeHashes()).anyMatch(hash -> iam.hasher().verify(hash, normalised));
        assertThat(auditActions()).contains("account.recovery_codes_regenerated");
    }

    @Test
    void regenerateKeepsUsedCodesAsRecord() {
        iam.core().mfaLogin().loginWithRecoveryCode(mfaToken(), user.recoveryCodes().get(0), TestIam.REQUEST);
        iam.clock().advance(STEP);

        mfa.regenerateRecoveryCodes(user.userId(), user.totpCode(iam.clock()), TestIam.REQUEST);

        assertThat(countCodes(true)).isEqualTo(1);
        assertThat(countCodes(false)).isEqualTo(10);
    }

    @Test
    void regenerateWithWrongCodeChangesNothing() {
        List<String> oldHashes = codeHashes();

        assertInvalidCode(() -> mfa.regenerateRecoveryCodes(user.userId(), user.totpCode(iam.clock(), 5),
                TestIam.REQUEST));

        assertThat(codeHashes()).containsExactlyInAnyOrderElementsOf(oldHashes);
        assertThat(stored().getFailedLoginCount()).isEqualTo(1);
        assertThat(auditActions()).contains("auth.login_mfa_failed").doesNotContain(
                "account.recovery_codes_regenerated");
    }

    @Test
    void regenerateRejectsReplayedCode() {
        String code = user.totpCode(iam.clock());
        mfa.regenerateRecoveryCodes(user.userId(), code, TestIam.REQUEST);

        assertInvalidCode(() -> mfa.regenerateRecoveryCodes(user.userId(), code, TestIam.REQUEST));
    }

    @Test
    void regenerateRejectedWhileLocked() {
        lock();

        assertInvalidCode(() -> mfa.regenerateRecoveryCodes(user.userId(), user.totpCode(iam.clock()),
                TestIam.REQUEST));
    }

    @Test
    void reconfigureKeepsOldSecretUntilConfirmed() {
        String activeBefore = stored().getTotpSecretEncrypted();

        MfaSetup setup = mfa.reconfigure(user.userId(), user.totpCode(iam.clock()), TestIam.REQUEST);

        assertThat(setup.qrCodeUri()).startsWith("otpauth://totp/Physician%20Billing:dr.mfa%40example.org?secret="
                + setup.manualKey());
        assertThat(stored().getTotpSecretEncrypted()).isEqualTo(activeBefore);
        String pending = iam.db().select(PENDING_TOTP_SECRETS.TOTP_SECRET_ENCRYPTED).from(PENDING_TOTP_SECRETS)
                .fetchSingle().value1();
        assertThat(iam.cipher().decrypt(pending)).isEqualTo(setup.manualKey());
        iam.clock().advance(STEP);
        assertThat(loginWithTotp(user.totpCode(iam.clock()))).isTrue();
    }

    @Test
    void confirmSwapsSecrets() {
        MfaSetup setup = mfa.reconfigure(user.userId(), user.totpCode(iam.clock()), TestIam.REQUEST);
        iam.clock().advance(STEP);

        mfa.confirmReconfiguration(user.userId(), newCode(setup), TestIam.REQUEST);

        assertThat(iam.cipher().decrypt(stored().getTotpSecretEncrypted())).isEqualTo(setup.manualKey());
        assertThat(iam.db().fetchCount(PENDING_TOTP_SECRETS)).isZero();
        assertThat(iam.db().fetchCount(RECOVERY_CODES)).isEqualTo(10);
        iam.clock().advance(STEP);
        assertThat(loginWithTotp(user.totpCode(iam.clock()))).isFalse();
        assertThat(loginWithTotp(newCode(setup))).isTrue();
        assertThat(iam.db().select(AUDIT_LOG.DETAIL).from(AUDIT_LOG)
                .where(AUDIT_LOG.ACTION.eq("account.mfa_reconfigured"))
                .orderBy(AUDIT_LOG.CREATED_AT)
                .fetch(row -> row.value1().data()))
                .containsExactly("{\"stage\": \"started\"}", "{\"stage\": \"completed\"}");
    }

    @Test
    void confirmRequiresLaterStepThanStartingCode() {
        MfaSetup setup = mfa.reconfigure(user.userId(), user.totpCode(iam.clock()), TestIam.REQUEST);

        assertInvalidCode(() -> mfa.confirmReconfiguration(user.userId(), newCode(setup), TestIam.REQUEST));
        assertThat(stored().getTotpSecretEncrypted()).isNotNull();
        assertThat(iam.db().fetchCount(PENDING_TOTP_SECRETS)).isEqualTo(1);
    }

    @Test
    void confirmRejectsCodeOfOldSecret() {
        mfa.reconfigure(user.userId(), user.totpCode(iam.clock()), TestIam.REQUEST);
        iam.clock().advance(STEP);

        assertInvalidCode(() -> mfa.confirmReconfiguration(user.userId(), user.totpCode(iam.clock()),
                TestIam.REQUEST));
        assertThat(iam.db().fetchCount(PENDING_TOTP_SECRETS)).isEqualTo(1);
    }

    @Test
    void confirmWithoutReconfigureRejected() {
        assertThatThrownBy(() -> mfa.confirmReconfiguration(user.userId(), "123456", TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(MfaManagementService.NO_PENDING_RECONFIGURATION);
    }

    @Test
    void reconfigureWithWrongCodeStoresNothing() {
        assertInvalidCode(() -> mfa.reconfigure(user.userId(), user.totpCode(iam.clock(), 4), TestIam.REQUEST));

        assertThat(iam.db().fetchCount(PENDING_TOTP_SECRETS)).isZero();
    }

    @Test
    void recoveryLoginFlagsLowCodeCount() {
        for (int used = 1; used <= 10; used++) {
            RecoveryLogin login = iam.core().mfaLogin().loginWithRecoveryCode(mfaToken(),
                    user.recoveryCodes().get(used - 1), TestIam.REQUEST);

            assertThat(login.remainingRecoveryCodes()).isEqualTo(10 - used);
            assertThat(login.regenerationRecommended()).as("after %d used", used).isEqualTo(10 - used <= 3);
        }
    }

    @Test
    void accountViewFlagsLowCodeCount() {
        assertThat(iam.core().accounts().view(user.userId()).orElseThrow().regenerationRecommended()).isFalse();
        iam.db().update(RECOVERY_CODES).set(RECOVERY_CODES.USED, true)
                .where(RECOVERY_CODES.CODE_ID.in(iam.db().select(RECOVERY_CODES.CODE_ID).from(RECOVERY_CODES)
                        .limit(7)))
                .execute();

        var view = iam.core().accounts().view(user.userId()).orElseThrow();

        assertThat(view.unusedRecoveryCodes()).isEqualTo(3);
        assertThat(view.regenerationRecommended()).isTrue();
    }

    @Test
    void accountWithoutMfaNotFlagged() {
        TestUser plain = iam.user().create();

        var view = iam.core().accounts().view(plain.userId()).orElseThrow();

        assertThat(view.unusedRecoveryCodes()).isZero();
        assertThat(view.regenerationRecommended()).isFalse();
    }

    private String newCode(MfaSetup setup) {
        return Totp.code(setup.manualKey(), new Totp(iam.clock()).currentStep());
    }

    private boolean loginWithTotp(String code) {
        try {
            iam.core().mfaLogin().loginWithTotp(mfaToken(), code, TestIam.REQUEST);
            return true;
        } catch (BusinessRuleException e) {
            return false;
        }
    }

    private String mfaToken() {
        return iam.core().login().login(user.email(), user.password(), TestIam.REQUEST).mfaSessionToken();
    }

    private void lock() {
        for (int i = 0; i < LoginLockout.MAX_FAILED_ATTEMPTS; i++) {
            try {
                iam.core().login().login(user.email(), "Wrong-password-1", TestIam.REQUEST);
            } catch (BusinessRuleException expected) {
                // Each failure counts towards the lock.
            }
        }
    }

    private List<String> codeHashes() {
        return iam.db().select(RECOVERY_CODES.CODE_HASH).from(RECOVERY_CODES).fetch(RECOVERY_CODES.CODE_HASH);
    }

    private int countCodes(boolean used) {
        return iam.db().fetchCount(RECOVERY_CODES, RECOVERY_CODES.USED.eq(used));
    }

    private List<String> auditActions() {
        return iam.db().select(AUDIT_LOG.ACTION).from(AUDIT_LOG).fetch(AUDIT_LOG.ACTION);
    }

    private UsersRecord stored() {
        return iam.db().selectFrom(USERS).where(USERS.USER_ID.eq(user.userId())).fetchSingle();
    }

    private static void assertInvalidCode(Runnable attempt) {
        assertThatThrownBy(attempt::run)
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(MfaAttempts.INVALID_CODE);
    }
}
