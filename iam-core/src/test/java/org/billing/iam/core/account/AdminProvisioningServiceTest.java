package org.billing.iam.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.PASSWORD_RESET_TOKENS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import java.util.UUID;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.auth.LoginResult;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.mail.MailException;
import org.billing.iam.core.reset.PasswordResetService;
import org.billing.iam.core.testing.RecordingMailer;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminProvisioningServiceTest {

    private static final String PASSWORD = "Admin-Chosen-Pass-9";

    private final TestIam iam = TestIam.start(4);
    private final AdminProvisioningService provisioning = iam.core().lifecycle().adminProvisioning();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void createdAdminHasNoUsablePassword() {
        UUID adminId = provisioning.createAdmin("Ops@Example.org", "Operations Admin");

        UsersRecord admin = stored(adminId);
        assertThat(admin.getRole()).isEqualTo("ADMIN");
        assertThat(admin.getEmail()).isEqualTo("ops@example.org");
        assertThat(admin.getPasswordHash()).startsWith("$argon2id$");
        assertThat(admin.getMfaConfigured()).isFalse();
        assertThatThrownBy(() -> iam.core().login().login("ops@example.org", "", TestIam.REQUEST))
                .isInstanceOf(RuntimeException.class);
        assertThat(iam.db().fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("auth.registered")
                .and(AUDIT_LOG.USER_ID.eq(adminId)))).isEqualTo(1);
    }

    @Test
    void enrolmentLinkSetsPasswordThenMfaSetup() {
        UUID adminId = provisioning.createAdmin("ops@example.org", "Operations Admin");
        String token = RecordingMailer.linkToken(iam.mailer().last());
        assertThat(iam.mailer().last().textBody()).contains(TestIam.PUBLIC_URL + "/reset-password?token=" + token);

        iam.clock().advance(Duration.ofHours(71));
        iam.core().lifecycle().passwordReset().reset(token, PASSWORD, TestIam.REQUEST);

        assertThat(stored(adminId).getEmailVerified()).isTrue();
        LoginResult login = iam.core().login().login("ops@example.org", PASSWORD, TestIam.REQUEST);
        assertThat(login.mfaSetupRequired()).isTrue();
    }

    @Test
    void enrolmentLinkExpiresAfterSeventyTwoHours() {
        provisioning.createAdmin("ops@example.org", "Operations Admin");
        String token = RecordingMailer.linkToken(iam.mailer().last());

        assertThat(iam.db().select(PASSWORD_RESET_TOKENS.EXPIRES_AT).from(PASSWORD_RESET_TOKENS).fetchSingle().value1())
                .isEqualTo(Timestamps.now(iam.clock()).plusHours(72));
        iam.clock().advance(Duration.ofHours(72));
        assertThatThrownBy(() -> iam.core().lifecycle().passwordReset().reset(token, PASSWORD, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(PasswordResetService.INVALID_RESET_LINK);
    }

    @Test
    void existingEmailRejected() {
        iam.user().email("taken@example.org").create();

        assertThatThrownBy(() -> provisioning.createAdmin("taken@example.org", "Someone"))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(AdminProvisioningService.EMAIL_TAKEN);
        assertThat(iam.db().fetchCount(USERS, USERS.ROLE.eq("ADMIN"))).isZero();
    }

    @Test
    void mailFailureRollsBack() {
        iam.mailer().setFailing(true);

        assertThatThrownBy(() -> provisioning.createAdmin("ops@example.org", "Operations Admin"))
                .isInstanceOf(MailException.class);

        assertThat(iam.db().fetchCount(USERS)).isZero();
        assertThat(iam.db().fetchCount(PASSWORD_RESET_TOKENS)).isZero();
    }

    private UsersRecord stored(UUID userId) {
        return iam.db().selectFrom(USERS).where(USERS.USER_ID.eq(userId)).fetchSingle();
    }
}
