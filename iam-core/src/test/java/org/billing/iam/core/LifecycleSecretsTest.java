package org.billing.iam.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.billing.iam.core.crypto.RecoveryCodes;
import org.billing.iam.core.crypto.Totp;
import org.billing.iam.core.mfa.MfaSetup;
import org.billing.iam.core.mfa.NewRecoveryCodes;
import org.billing.iam.core.testing.PlaintextScan;
import org.billing.iam.core.testing.RecordingMailer;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the reset, MFA management, administrator and deletion flows, then searches every
 * table and every log line for the plaintexts they handled: none may appear.
 */
class LifecycleSecretsTest {

    private static final String NEW_PASSWORD = "Reset-Chosen-Pass-5";
    private static final String ADMIN_PASSWORD = "Admin-Chosen-Pass-6";

    private final TestIam iam = TestIam.start(4);
    private final PlaintextScan scan = new PlaintextScan(iam);
    private final List<String> secrets = new ArrayList<>();

    @AfterEach
    void close() {
        scan.close();
        iam.close();
    }

    @Test
    void lifecycleFlowsLeaveNoPlaintext() {
        LifecycleServices lifecycle = iam.core().lifecycle();
        TestUser user = iam.user().withMfa().create();
        secrets.add(user.totpSecret());

        lifecycle.passwordReset().requestReset(user.email(), TestIam.REQUEST).run();
        String resetToken = RecordingMailer.linkToken(iam.mailer().last());
        lifecycle.passwordReset().reset(resetToken, NEW_PASSWORD, TestIam.REQUEST);
        secrets.addAll(List.of(resetToken, NEW_PASSWORD));

        NewRecoveryCodes codes = lifecycle.mfaManagement().regenerateRecoveryCodes(user.userId(),
                user.totpCode(iam.clock()), TestIam.REQUEST);
        for (String code : codes.codes()) {
            secrets.add(code);
            secrets.add(RecoveryCodes.normalise(code).orElseThrow());
        }
        iam.clock().advance(Duration.ofSeconds(30));
        MfaSetup setup = lifecycle.mfaManagement().reconfigure(user.userId(), user.totpCode(iam.clock()),
                TestIam.REQUEST);
        iam.clock().advance(Duration.ofSeconds(30));
        lifecycle.mfaManagement().confirmReconfiguration(user.userId(),
                Totp.code(setup.manualKey(), new Totp(iam.clock()).currentStep()), TestIam.REQUEST);
        secrets.addAll(List.of(setup.manualKey(), setup.qrCodeUri()));

        lifecycle.adminProvisioning().createAdmin("ops@example.org", "Operations Admin");
        String enrolmentToken = RecordingMailer.linkToken(iam.mailer().last());
        lifecycle.passwordReset().reset(enrolmentToken, ADMIN_PASSWORD, TestIam.REQUEST);
        secrets.addAll(List.of(enrolmentToken, ADMIN_PASSWORD));

        iam.clock().advance(Duration.ofSeconds(30));
        lifecycle.accountDeletion().deleteAccount(user.userId(), NEW_PASSWORD,
                Totp.code(setup.manualKey(), new Totp(iam.clock()).currentStep()), "DELETE", TestIam.REQUEST);

        String tables = scan.tables().toLowerCase(Locale.ROOT);
        String logs = scan.logText().toLowerCase(Locale.ROOT);
        assertThat(tables).contains("auth.password_reset_completed", "account.recovery_codes_regenerated",
                "account.mfa_reconfigured", "account.deletion_requested");
        for (String secret : secrets) {
            assertThat(tables).as("tables contain a secret").doesNotContain(secret.toLowerCase(Locale.ROOT));
            assertThat(logs).as("logs contain a secret").doesNotContain(secret.toLowerCase(Locale.ROOT));
        }
    }
}
