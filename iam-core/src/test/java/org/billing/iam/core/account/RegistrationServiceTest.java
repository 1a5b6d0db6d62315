package org.billing.iam.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.EMAIL_VERIFICATION_TOKENS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import java.util.List;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.mail.EmailMessage;
import org.billing.iam.core.mail.MailException;
import org.billing.iam.core.testing.RecordingMailer;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.schema.jooq.tables.records.EmailVerificationTokensRecord;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistrationServiceTest {

    private static final String PASSWORD = "Str0ng-Passw0rd!";

    private final TestIam iam = TestIam.start(4);
    private final RegistrationService registration = iam.core().registration();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void newEmailGetsVerificationLink() {
        registration.register(new Registration("dr.new@example.org", PASSWORD, "Dr New", null), TestIam.REQUEST);

        EmailMessage message = iam.mailer().last();
        String token = RecordingMailer.linkToken(message);
        assertThat(message.to()).isEqualTo("dr.new@example.org");
        assertThat(message.textBody()).contains(TestIam.PUBLIC_URL + "/verify-email?token=" + token);
        assertThat(token).matches("[0-9a-f]{64}");
        EmailVerificationTokensRecord stored = iam.db().selectFrom(EMAIL_VERIFICATION_TOKENS).fetchSingle();
        assertThat(stored.getTokenHash()).isEqualTo(Sha256.hex(token));
        assertThat(stored.getExpiresAt()).isEqualTo(Timestamps.now(iam.clock()).plusHours(24));
    }

    @Test
    void newAccountIsUnverifiedPhysician() {
        registration.register(new Registration(" Dr.New@Example.ORG ", PASSWORD, "  Dr New ", "+1 555 123 4567"),
                TestIam.REQUEST);

        UsersRecord user = iam.db().selectFrom(USERS).fetchSingle();
        assertThat(user.getEmail()).isEqualTo("dr.new@example.org");
        assertThat(user.getFullName()).isEqualTo("Dr New");
        assertThat(user.getPhone()).isEqualTo("+1 555 123 4567");
        assertThat(user.getRole()).isEqualTo("PHYSICIAN");
        assertThat(user.getEmailVerified()).isFalse();
        assertThat(user.getMfaConfigured()).isFalse();
        assertThat(iam.hasher().verify(user.getPasswordHash(), PASSWORD)).isTrue();
        assertThat(auditActions()).containsExactly("auth.registered");
    }

    @Test
    void existingEmailGetsNoticeAtSameCost() {
        registration.register(new Registration("dr.new@example.org", PASSWORD, "Dr New", null), TestIam.REQUEST);
        int newAccountRuns = iam.hasher().runs();
        iam.hasher().reset();

        registration.register(new Registration("DR.NEW@example.org", "0ther-Passw0rd!", "Someone", null),
                TestIam.REQUEST);

        assertThat(iam.hasher().runs()).isEqualTo(newAccountRuns).isEqualTo(1);
        assertThat(iam.mailer().sentTo("dr.new@example.org")).hasSize(2);
        EmailMessage notice = iam.mailer().last();
        assertThat(notice.subject()).isEqualTo("You already have an account");
        assertThat(notice.textBody()).doesNotContain("token=");
        assertThat(iam.db().fetchCount(USERS)).isEqualTo(1);
        assertThat(iam.db().fetchCount(EMAIL_VERIFICATION_TOKENS)).isEqualTo(1);
        UsersRecord user = iam.db().selectFrom(USERS).fetchSingle();
        assertThat(iam.hasher().verify(user.getPasswordHash(), PASSWORD)).isTrue();
    }

    @Test
    void invalidFieldsNamed() {
        assertInvalid(new Registration("not-an-email", PASSWORD, "Dr A", null), "email");
        assertInvalid(new Registration("a@b", PASSWORD, "Dr A", null), "email");
        assertInvalid(new Registration("a b@example.org", PASSWORD, "Dr A", null), "email");
        assertInvalid(new Registration("x".repeat(250) + "@example.org", PASSWORD, "Dr A", null), "email");
        assertInvalid(new Registration(null, PASSWORD, "Dr A", null), "email");
        assertInvalid(new Registration("a@example.org", PASSWORD, " ", null), "full_name");
        assertInvalid(new Registration("a@example.org", PASSWORD, "x".repeat(201), null), "full_name");
        assertInvalid(new Registration("a@example.org", PASSWORD, "Dr\u0000A", null), "full_name");
        assertInvalid(new Registration("a@example.org", PASSWORD, "Dr A", "call me"), "phone");
        assertInvalid(new Registration("a@example.org", PASSWORD, "Dr A", "123"), "phone");
        assertInvalid(new Registration("a@example.org", PASSWORD, "Dr A", "+1 555 123 4567 89012"), "phone");
        assertInvalid(new Registration("a@example.org", PASSWORD, "Dr A", "1234567890123456"), "phone");
        assertThat(iam.mailer().sent()).isEmpty();
    }

    @Test
    void passwordPolicyEnforced() {
        List<String> weak = List.of("", "Sh0rt-pass!", "alllowercase-1!", "ALLUPPERCASE-1!", "NoDigits-here!",
                "NoSpecials1234", "Aa1!" + "x".repeat(253));
        for (String password : weak) {
            assertInvalid(new Registration("a@example.org", password, "Dr A", null), "password");
        }
        registration.register(new Registration("a@example.org", "Aa1!" + "x".repeat(252), "Dr A", null),
                TestIam.REQUEST);
        registration.register(new Registration("b@example.org", "correct horse Battery 9", "Dr B", null),
                TestIam.REQUEST);
        assertThat(iam.db().fetchCount(USERS)).isEqualTo(2);
    }

    @Test
    void verificationMarksEmailVerified() {
        String token = registerAndGetToken("dr.v@example.org");
        iam.clock().advance(Duration.ofMinutes(5));

        registration.verifyEmail(token, TestIam.REQUEST);

        assertThat(iam.db().selectFrom(USERS).fetchSingle().getEmailVerified()).isTrue();
        assertThat(auditActions()).containsExactly("auth.registered", "auth.email_verified");
    }

    @Test
    void verificationTokenWorksOnce() {
        String token = registerAndGetToken("dr.v@example.org");
        registration.verifyEmail(token, TestIam.REQUEST);

        assertInvalidToken(token);
    }

    @Test
    void verificationTokenExpiresAfterTwentyFourHours() {
        String token = registerAndGetToken("dr.v@example.org");

        iam.clock().advance(Duration.ofHours(24));

        assertInvalidToken(token);
        assertThat(iam.db().selectFrom(USERS).fetchSingle().getEmailVerified()).isFalse();
    }

    @Test
    void unknownAndMalformedTokensGetSameAnswer() {
        assertInvalidToken("0".repeat(64));
        assertInvalidToken("not-a-token");
        assertInvalidToken(null);
    }

    @Test
    void mailFailureRollsBackNewAccount() {
        iam.mailer().setFailing(true);

        assertThatThrownBy(() -> registration.register(
                new Registration("dr.new@example.org", PASSWORD, "Dr New", null), TestIam.REQUEST))
                .isInstanceOf(MailException.class);

        assertThat(iam.db().fetchCount(USERS)).isZero();
        iam.mailer().setFailing(false);
        registration.register(new Registration("dr.new@example.org", PASSWORD, "Dr New", null), TestIam.REQUEST);
        assertThat(iam.mailer().last().subject()).isEqualTo("Verify your email address");
    }

    private String registerAndGetToken(String email) {
        registration.register(new Registration(email, PASSWORD, "Dr V", null), TestIam.REQUEST);
        return RecordingMailer.linkToken(iam.mailer().last());
    }

    private void assertInvalid(Registration request, String field) {
        assertThatThrownBy(() -> registration.register(request, TestIam.REQUEST))
                .as(request.toString())
                .isInstanceOf(org.billing.iam.core.error.ValidationException.class)
                .extracting("field").isEqualTo(field);
    }

    private void assertInvalidToken(String token) {
        assertThatThrownBy(() -> registration.verifyEmail(token, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(RegistrationService.INVALID_VERIFICATION);
    }

    private List<String> auditActions() {
        return iam.db().select(AUDIT_LOG.ACTION).from(AUDIT_LOG).orderBy(AUDIT_LOG.CREATED_AT)
                .fetch(AUDIT_LOG.ACTION);
    }
}
