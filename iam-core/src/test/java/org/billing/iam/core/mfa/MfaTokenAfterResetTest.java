package org.billing.iam.core.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.billing.iam.core.crypto.Totp;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.testing.RecordingMailer;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Someone who learned a password signs in, and the owner then resets the password. The MFA
 * session token issued before the reset must not let them enrol their own authenticator or
 * finish the MFA step.
 */
class MfaTokenAfterResetTest {

    private final TestIam iam = TestIam.start(4);
    private final TestUser user = iam.user().create();
    private final TestUser enrolled = iam.user().withMfa().create();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void setupTokenIssuedBeforeResetRejected() {
        String attackerToken = iam.core().login().login(user.email(), user.password(), TestIam.REQUEST)
                .mfaSessionToken();
        resetPassword(user);

        assertThatThrownBy(() -> {
            MfaSetup setup = iam.core().mfaEnrolment().setup(attackerToken);
            String code = Totp.code(setup.manualKey(), new Totp(iam.clock()).currentStep());
            iam.core().mfaEnrolment().confirm(attackerToken, code, TestIam.REQUEST);
        }).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void mfaTokenIssuedBeforeResetRejected() {
        String attackerToken = iam.core().login().login(enrolled.email(), enrolled.password(), TestIam.REQUEST)
                .mfaSessionToken();
        resetPassword(enrolled);

        assertThatThrownBy(() -> iam.core().mfaLogin().loginWithTotp(attackerToken, enrolled.totpCode(iam.clock()),
                TestIam.REQUEST)).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> iam.core().mfaLogin().loginWithRecoveryCode(attackerToken,
                enrolled.recoveryCodes().get(0), TestIam.REQUEST)).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void tokenIssuedAfterResetAccepted() {
        resetPassword(enrolled);
        String token = iam.core().login().login(enrolled.email(), "Another-Horse-43!", TestIam.REQUEST)
                .mfaSessionToken();

        assertThat(iam.core().mfaLogin().loginWithTotp(token, enrolled.totpCode(iam.clock()), TestIam.REQUEST))
                .isNotNull();
    }

    private void resetPassword(TestUser owner) {
        iam.core().lifecycle().passwordReset().requestReset(owner.email(), TestIam.REQUEST).run();
        String resetToken = RecordingMailer.linkToken(iam.mailer().last());
        iam.core().lifecycle().passwordReset().reset(resetToken, "Another-Horse-43!", TestIam.REQUEST);
        iam.clock().advance(Duration.ofSeconds(30));
    }
}
