package org.billing.iam.core.reset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.PASSWORD_RESET_TOKENS;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.mail.DeferredEmail;
import org.billing.iam.core.mail.EmailMessage;
import org.billing.iam.core.session.NewSession;
import org.billing.iam.core.testing.Concurrent;
import org.billing.iam.core.testing.RecordingMailer;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.billing.iam.schema.jooq.tables.records.PasswordResetTokensRecord;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PasswordResetServiceTest {

    private static final String NEW_PASSWORD = "Brand-New-Pass-77";

    private final TestIam iam = TestIam.start(8);
    private final PasswordResetService resets = iam.core().lifecycle().passwordReset();
    private final TestUser user = iam.user().email("dr.reset@example.org").create();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void requestSendsNothingUntilRun() {
        DeferredEmail email = resets.requestReset(user.email(), TestIam.REQUEST);

        assertThat(iam.mailer().sent()).isEmpty();
        email.run();
        email.run();
        assertThat(iam.mailer().sentTo(user.email())).hasSize(1);
    }

    @Test
    void knownEmailGetsSingleUseLink() {
        resets.requestReset(" Dr.Reset@Example.org ", TestIam.REQUEST).run();

        EmailMessage message = iam.mailer().last();
        String token = RecordingMailer.linkToken(message);
        assertThat(token).matches("[0-9a-f]{64}");
        assertThat(message.textBody()).contains(TestIam.PUBLIC_URL + "/reset-password?token=" + token);
        PasswordResetTokensRecord stored = iam.db().selectFrom(PASSWORD_RESET_TOKENS).fetchSingle();
        assertThat(stored.getTokenHash()).isEqualTo(Sha256.hex(token));
        assertThat(stored.getUserId()).isEqualTo(user.userId());
        assertThat(stored.getExpiresAt()).isEqualTo(Timestamps.now(iam.clock()).plusHours(1));
        assertThat(auditUsers("auth.password_reset_requested")).containsExactly(user.userId().toString());
    }

    @Test
    void unknownEmailReturnsNormallyAndSendsNothing() {
        DeferredEmail email = resets.requestReset("nobody@example.org", TestIam.REQUEST);
        email.run();

        assertThat(email.toString()).isEqualTo(resets.requestReset(user.email(), TestIam.REQUEST).toString());
        assertThat(iam.mailer().sentTo("nobody@example.org")).isEmpty();
        assertThat(iam.db().fetchCount(PASSWORD_RESET_TOKENS, PASSWORD_RESET_TOKENS.USER_ID.isNull())).isZero();
        assertThat(auditUsers("auth.password_reset_requested")).containsExactlyInAnyOrder(null,
                user.userId().toString());
    }

    @Test
    void deactivatedAccountGetsNoLink() {
        TestUser inactive = iam.user().inactive().create();

        resets.requestReset(inactive.email(), TestIam.REQUEST).run();

        assertThat(iam.mailer().sent()).isEmpty();
        assertThat(iam.db().fetchCount(PASSWORD_RESET_TOKENS)).isZero();
    }

    @Test
    void resetSetsPasswordAndRevokesSessions() {
        NewSession first = iam.core().sessions().create(user.userId(), TestIam.REQUEST);
        NewSession second = iam.core().sessions().create(user.userId(), TestIam.REQUEST);
        String token = requestToken();

        resets.reset(token, NEW_PASSWORD, TestIam.REQUEST);

        assertThat(iam.hasher().verify(stored().getPasswordHash(), NEW_PASSWORD)).isTrue();
        assertThat(iam.core().sessions().validate(first.token())).isEmpty();
        assertThat(iam.core().sessions().validate(second.token())).isEmpty();
        assertThat(iam.db().select(SESSIONS.REVOKED_REASON).from(SESSIONS).fetch(SESSIONS.REVOKED_REASON))
                .containsExactly("password_reset", "password_reset");
        assertThat(iam.core().login().login(user.email(), NEW_PASSWORD, TestIam.REQUEST).mfaSessionToken())
                .isNotNull();
        assertThat(auditUsers("auth.password_reset_completed")).containsExactly(user.userId().toString());
        assertThat(iam.mailer().last().subject()).isEqualTo("Your password was changed");
    }

    @Test
    void resetClearsFailedCountAndLock() {
        iam.db().update(USERS)
                .set(USERS.FAILED_LOGIN_COUNT, 10)
                .set(USERS.LOCKED_UNTIL, Timestamps.now(iam.clock()).plusMinutes(30))
                .execute();

        resets.reset(requestToken(), NEW_PASSWORD, TestIam.REQUEST);

        assertThat(stored().getFailedLoginCount()).isZero();
        assertThat(stored().getLockedUntil()).isNull();
    }

    @Test
    void tokenWorksOnce() {
        String token = requestToken();
        resets.reset(token, NEW_PASSWORD, TestIam.REQUEST);

        assertThatThrownBy(() -> resets.reset(token, "Another-Pass-88", TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(PasswordResetService.INVALID_RESET_LINK);
        assertThat(iam.hasher().verify(stored().getPasswordHash(), NEW_PASSWORD)).isTrue();
    }

    @Test
    void resetVoidsOtherOutstandingLinks() {
        String first = requestToken();
        String second = requestToken();

        resets.reset(second, NEW_PASSWORD, TestIam.REQUEST);

        assertThatThrownBy(() -> resets.reset(first, "Another-Pass-88", TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class);
    }

    @Test
    void expiredTokenRejected() {
        String token = requestToken();
        iam.clock().advance(Duration.ofHours(1));

        assertThatThrownBy(() -> resets.reset(token, NEW_PASSWORD, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(PasswordResetService.INVALID_RESET_LINK);
    }

    @Test
    void malformedAndUnknownTokensGetSameAnswer() {
        for (String token : List.of("", "abc", "Z".repeat(64), "a".repeat(64))) {
            assertThatThrownBy(() -> resets.reset(token, NEW_PASSWORD, TestIam.REQUEST))
                    .isInstanceOf(BusinessRuleException.class)
                    .hasMessage(PasswordResetService.INVALID_RESET_LINK);
        }
        assertThatThrownBy(() -> resets.reset(null, NEW_PASSWORD, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class);
    }

    @Test
    void weakPasswordRejectedAndTokenKept() {
        String token = requestToken();

        assertThatThrownBy(() -> resets.reset(token, "short", TestIam.REQUEST))
                .isInstanceOf(ValidationException.class)
                .extracting("field").isEqualTo("password");
        assertThatThrownBy(() -> resets.reset(token, "alllowercase-no-digits", TestIam.REQUEST))
                .isInstanceOf(ValidationException.class);

        resets.reset(token, NEW_PASSWORD, TestIam.REQUEST);
        assertThat(iam.hasher().verify(stored().getPasswordHash(), NEW_PASSWORD)).isTrue();
    }

    @Test
    void deactivatedAccountCannotReset() {
        String token = requestToken();
        iam.db().update(USERS).set(USERS.IS_ACTIVE, false).execute();

        assertThatThrownBy(() -> resets.reset(token, NEW_PASSWORD, TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage(PasswordResetService.INVALID_RESET_LINK);
        assertThat(iam.hasher().verify(stored().getPasswordHash(), user.password())).isTrue();
    }

    @Test
    void racingResetsWithOneTokenSucceedOnce() throws Exception {
        String token = requestToken();
        AtomicInteger attempt = new AtomicInteger();

        List<String> results = Concurrent.run(6, () -> {
            String password = "Racing-Pass-" + attempt.incrementAndGet() + "!x";
            try {
                resets.reset(token, password, TestIam.REQUEST);
                return password;
            } catch (BusinessRuleException e) {
                return null;
            }
        });

        List<String> winners = results.stream().filter(Objects::nonNull).toList();
        assertThat(winners).hasSize(1);
        assertThat(iam.hasher().verify(stored().getPasswordHash(), winners.get(0))).isTrue();
        assertThat(auditUsers("auth.password_reset_completed")).hasSize(1);
    }

    @Test
    void mailFailureAfterResponseIsLoggedNotThrown() {
        DeferredEmail email = resets.requestReset(user.email(), TestIam.REQUEST);
        iam.mailer().setFailing(true);

        email.run();

        assertThat(iam.db().fetchCount(PASSWORD_RESET_TOKENS)).isEqualTo(1);
    }

    private String requestToken() {
        resets.requestReset(user.email(), TestIam.REQUEST).run();
        return RecordingMailer.linkToken(iam.mailer().last());
    }

    private UsersRecord stored() {
        return iam.db().selectFrom(USERS).where(USERS.USER_ID.eq(user.userId())).fetchSingle();
    }

    private List<String> auditUsers(String action) {
        return iam.db().select(AUDIT_LOG.USER_ID).from(AUDIT_LOG).where(AUDIT_LOG.ACTION.eq(action))
                .fetch(row -> row.value1() == null ? null : row.value1().toString());
    }
}
