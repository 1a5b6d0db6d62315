package org.billing.iam.core.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.PENDING_TOTP_SECRETS;
import static org.billing.iam.schema.jooq.Tables.RECOVERY_CODES;
import static org.billing.iam.schema.jooq.Tables.TOTP_LAST_USED_STEPS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import org.billing.iam.core.crypto.RecoveryCodes;
import org.billing.iam.core.crypto.Totp;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MfaEnrolmentServiceTest {

    private final TestIam iam = TestIam.start(4);
    private final MfaEnrolmentService enrolment = iam.core().mfaEnrolment();
    private final TestUser user = iam.user().email("dr.who@example.org").create();
    private final String setupToken = iam.core().login().login(user.email(), user.password(), TestIam.REQUEST)
            .mfaSessionToken();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void setupReturnsOtpauthUriWithIssuerAndEmail() {
        MfaSetup setup = enrolment.setup(setupToken);

        assertThat(setup.manualKey()).matches("[A-Z2-7]{32}");
        assertThat(setup.qrCodeUri()).isEqualTo("otpauth://totp/Physician%20Billing:dr.who%40example.org?secret="
                + setup.manualKey() + "&issuer=Physician%20Billing&algorithm=SHA1&digits=6&period=30");
        assertThat(setup.toString()).doesNotContain(setup.manualKey());
    }

    @Test
    void setupStoresSecretEncryptedAndInactive() {
        MfaSetup setup = enrolment.setup(setupToken);

        String pending = iam.db().select(PENDING_TOTP_SECRETS.TOTP_SECRET_ENCRYPTED).from(PENDING_TOTP_SECRETS)
                .fetchSingle().value1();
        assertThat(pending).doesNotContain(setup.manualKey());
        assertThat(iam.cipher().decrypt(pending)).isEqualTo(setup.manualKey());
        assertThat(stored().getMfaConfigured()).isFalse();
        assertThat(stored().getTotpSecretEncrypted()).isNull();
    }

    @Test
    void repeatedSetupReplacesPendingSecret() {
        MfaSetup first = enrolment.setup(setupToken);
        MfaSetup second = enrolment.setup(setupToken);

        assertThat(second.manualKey()).isNotEqualTo(first.manualKey());
        assertThat(iam.db().fetchCount(PENDING_TOTP_SECRETS)).isEqualTo(1);
        assertThatThrownBy(() -> enrolment.confirm(setupToken, Totp.code(first.manualKey(), step()), TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(MfaAttempts.INVALID_CODE);
    }

    @Test
    void confirmActivatesSecretAndIssuesTenCodes() {
        MfaSetup setup = enrolment.setup(setupToken);

        MfaEnrolment result = enrolment.confirm(setupToken, Totp.code(setup.manualKey(), step()), TestIam.REQUEST);

        UsersRecord row = stored();
        assertThat(row.getMfaConfigured()).isTrue();
        assertThat(iam.cipher().decrypt(row.getTotpSecretEncrypted())).isEqualTo(setup.manualKey());
        assertThat(iam.db().fetchCount(PENDING_TOTP_SECRETS)).isZero();
        assertThat(result.recoveryCodes()).hasSize(10).allMatch(code -> code.matches("[A-Z2-9]{4}-[A-Z2-9]{4}"));
        var hashes = iam.db().select(RECOVERY_CODES.CODE_HASH).from(RECOVERY_CODES).fetch(RECOVERY_CODES.CODE_HASH);
        assertThat(hashes).hasSize(10).allMatch(hash -> hash.startsWith("$argon2id$"));
        String normalised = RecoveryCodes.normalise(result.recoveryCodes().get(0)).orElseThrow();
        assertThat(hashes).anyMatch(hash -> iam.hasher().verify(hash, normalised));
        assertThat(iam.db().select(TOTP_LAST_USED_STEPS.LAST_USED_STEP).from(TOTP_LAST_USED_STEPS).fetchSingle()
                .value1()).isEqualTo(step());
        assertThat(iam.core().sessions().validate(result.session().token())).isPresent();
        assertThat(iam.db().select(AUDIT_LOG.ACTION).from(AUDIT_LOG).fetch(AUDIT_LOG.ACTION))
                .contains("auth.mfa_setup");
    }

    @Test
    void confirmReplacesEarlierRecoveryCodes() {
        RecoveryCodeStore.IssuedCodes old = iam.core().recoveryCodes().issue();
        iam.core().recoveryCodes().replace(iam.db(), user.userId(), old);
        MfaSetup setup = enrolment.setup(setupToken);

        enrolment.confirm(setupToken, Totp.code(setup.manualKey(), step()), TestIam.REQUEST);

        assertThat(iam.db().fetchCount(RECOVERY_CODES)).isEqualTo(10);
        assertThat(iam.db().select(RECOVERY_CODES.CODE_HASH).from(RECOVERY_CODES).fetch(RECOVERY_CODES.CODE_HASH))
                .doesNotContainAnyElementsOf(old.hashes());
    }

    @Test
    void confirmRejectsWrongCodeAndCountsFailure() {
        MfaSetup setup = enrolment.setup(setupToken);
        String wrong = Totp.code(setup.manualKey(), step() + 5);

        assertThatThrownBy(() -> enrolment.confirm(setupToken, wrong, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(MfaAttempts.INVALID_CODE);
        assertThat(stored().getMfaConfigured()).isFalse();
        assertThat(stored().getFailedLoginCount()).isEqualTo(1);
    }

    @Test
    void confirmWithoutSetupRejected() {
        assertThatThrownBy(() -> enrolment.confirm(setupToken, "123456", TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(MfaEnrolmentService.NO_PENDING_SETUP);
    }

    @Test
    void setupTokenCannotBeReusedAfterConfirm() {
        MfaSetup setup = enrolment.setup(setupToken);
        enrolment.confirm(setupToken, Totp.code(setup.manualKey(), step()), TestIam.REQUEST);

        assertThatThrownBy(() -> enrolment.setup(setupToken))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(MfaEnrolmentService.ALREADY_CONFIGURED);
    }

    @Test
    void loginTokenForMfaStepCannotEnrol() {
        TestUser enrolled = iam.user().withMfa().create();
        String mfaToken = iam.core().login().login(enrolled.email(), enrolled.password(), TestIam.REQUEST)
                .mfaSessionToken();

        assertThatThrownBy(() -> enrolment.setup(mfaToken)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void expiredSetupTokenRejected() {
        iam.clock().advance(Duration.ofMinutes(5));

        assertThatThrownBy(() -> enrolment.setup(setupToken)).isInstanceOf(UnauthorizedException.class);
    }

    private long step() {
        return new Totp(iam.clock()).currentStep();
    }

    private UsersRecord stored() {
        return iam.db().selectFrom(USERS).where(USERS.USER_ID.eq(user.userId())).fetchSingle();
    }
}
