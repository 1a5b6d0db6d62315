package org.billing.iam.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.billing.iam.core.account.Registration;
import org.billing.iam.core.crypto.RecoveryCodes;
import org.billing.iam.core.crypto.Totp;
import org.billing.iam.core.delegate.AcceptedInvitation;
import org.billing.iam.core.delegate.PhysicianScope;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.mfa.MfaEnrolment;
import org.billing.iam.core.mfa.MfaSetup;
import org.billing.iam.core.session.NewSession;
import org.billing.iam.core.testing.PlaintextScan;
import org.billing.iam.core.testing.RecordingMailer;
import org.billing.iam.core.testing.TestIam;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs every flow once and then searches every table and every log line for the
 * plaintexts the flows handled: none may appear.
 */
class SecretsAtRestTest {

    private static final String EMAIL = "dr.secret@example.org";
    private static final String PASSWORD = "Pl41n-text-Passw0rd";
    private static final String WRONG_PASSWORD = "Wr0ng-Passw0rd-typed";
    private static final String DELEGATE_PASSWORD = "Deleg4te-Passw0rd-typed";

    private final TestIam iam = TestIam.start(4);
    private final List<String> secrets = new ArrayList<>();
    private final PlaintextScan scan = new PlaintextScan(iam);

    @AfterEach
    void close() {
        scan.close();
        iam.close();
    }

    @Test
    void fullFlowLeavesNoPlaintext() {
        runEveryFlow();
        runDelegateFlow();

        String dump = scan.tables().toLowerCase(Locale.ROOT);
        String logText = scan.logText().toLowerCase(Locale.ROOT);
        assertThat(secrets).hasSizeGreaterThan(25);
        for (String secret : secrets) {
            assertThat(dump).as("tables contain a secret").doesNotContain(secret.toLowerCase(Locale.ROOT));
            assertThat(logText).as("logs contain a secret").doesNotContain(secret.toLowerCase(Locale.ROOT));
        }
        assertThat(dump).contains("users ", "sessions ", "recovery_codes ", "audit_log ");
        assertThat(dump).contains("auth.registered", "auth.email_verified", "auth.mfa_setup", "auth.logout",
                "auth.login_failed", "auth.login_mfa_success", "auth.login_recovery_used", "auth.login_mfa_failed");
        assertThat(logText).contains("login failed for user", "invalid_password", "mfa step failed for user");
        assertThat(dump).contains("delegate.invited", "delegate.accepted", "delegate.context_switched");
    }

    private void runEveryFlow() {
        var core = iam.core();
        core.registration().register(new Registration(EMAIL, PASSWORD, "Dr Secret", null), TestIam.REQUEST);
        String verificationToken = RecordingMailer.linkToken(iam.mailer().last());
        core.registration().verifyEmail(verificationToken, TestIam.REQUEST);
        secrets.addAll(List.of(PASSWORD, WRONG_PASSWORD, verificationToken));

        String setupToken = passwordStep();
        MfaSetup setup = core.mfaEnrolment().setup(setupToken);
        MfaEnrolment enrolment = core.mfaEnrolment().confirm(setupToken,
                Totp.code(setup.manualKey(), new Totp(iam.clock()).currentStep()), TestIam.REQUEST);
        secrets.add(setup.manualKey());
        secrets.add(setup.qrCodeUri());
        for (String code : enrolment.recoveryCodes()) {
            secrets.add(code);
            secrets.add(RecoveryCodes.normalise(code).orElseThrow());
        }
        useSession(enrolment.session());

        expectFailure(() -> core.login().login(EMAIL, WRONG_PASSWORD, TestIam.REQUEST));
        expectFailure(() -> core.login().login("unknown@example.org", WRONG_PASSWORD, TestIam.REQUEST));
        iam.clock().advance(Duration.ofSeconds(30));
        String mfaToken = passwordStep();
        expectFailure(() -> core.mfaLogin().loginWithRecoveryCode(mfaToken, "ZZZZ-ZZZZ", TestIam.REQUEST));
        useSession(core.mfaLogin().loginWithTotp(mfaToken,
                Totp.code(setup.manualKey(), new Totp(iam.clock()).currentStep()), TestIam.REQUEST));
        useSession(core.mfaLogin().loginWithRecoveryCode(passwordStep(), enrolment.recoveryCodes().get(0),
                TestIam.REQUEST).session());
    }

    private void runDelegateFlow() {
        var core = iam.core();
        UUID physicianId = iam.db().select(USERS.USER_ID).from(USERS).where(USERS.EMAIL.eq(EMAIL))
                .fetchSingle(USERS.USER_ID);
        NewSession physicianSession = core.sessions().create(physicianId, TestIam.REQUEST);
        PhysicianScope scope = PhysicianScope.of(core.authContexts().resolve(physicianSession.token()));
        core.delegates().invitations().invite(scope, "delegate.secret@example.org", List.of("CLAIM_VIEW"), null,
                TestIam.REQUEST);
        String invitationToken = RecordingMailer.linkToken(iam.mailer().last());
        AcceptedInvitation accepted = core.delegates().acceptance().accept(invitationToken, "Delegate Secret",
                DELEGATE_PASSWORD, null, TestIam.REQUEST);
        NewSession delegateSession = core.sessions().create(accepted.delegateUserId(), TestIam.REQUEST);
        core.delegates().actingContexts().switchContext(core.authContexts().resolve(delegateSession.token()),
                physicianId, TestIam.REQUEST);
        secrets.addAll(List.of(invitationToken, DELEGATE_PASSWORD, accepted.mfaSetupToken(),
                physicianSession.token(), delegateSession.token()));
    }

    private String passwordStep() {
        String token = iam.core().login().login(EMAIL, PASSWORD, TestIam.REQUEST).mfaSessionToken();
        secrets.add(token);
        return token;
    }

    private void useSession(NewSession session) {
        secrets.add(session.token());
        AuthContextCheck.assertResolves(iam, session);
        iam.core().sessions().logout(session.token(), TestIam.REQUEST);
    }

    private static void expectFailure(Runnable attempt) {
        try {
            attempt.run();
        } catch (BusinessRuleException expected) {
            return;
        }
        throw new AssertionError("The attempt succeeded");
    }

    /** Proves each session works before it is logged out. */
    private static final class AuthContextCheck {

        static void assertResolves(TestIam iam, NewSession session) {
            assertThat(iam.core().authContexts().resolve(session.token()).userId()).isEqualTo(session.userId());
        }
    }
}
