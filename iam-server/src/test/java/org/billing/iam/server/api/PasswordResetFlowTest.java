package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.schema.jooq.Tables.USERS;
import static org.billing.iam.server.api.ApiFixture.body;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.ApiFixture.json;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.billing.iam.core.testing.Concurrent;
import org.billing.iam.core.testing.PlaintextScan;
import org.billing.iam.core.testing.RecordingMailer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Password reset over real HTTP: the request for a link, the reset itself, and their defences. */
class PasswordResetFlowTest {

    private static final String EMAIL = "reset@example.org";
    private static final String NEW_PASSWORD = "New-Password-2026!";

    private final List<Runnable> queuedMail = new CopyOnWriteArrayList<>();
    private ApiFixture api;

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void resetRequestAnswersAlikeAndMailsAfterResponse() {
        api = ApiFixture.start(ApiFixture.GENEROUS_LIMITS, queuedMail::add);
        api.signUp(EMAIL);
        int mailsBefore = api.iam.mailer().sent().size();

        HttpResponse<String> known = api.post("/auth/password/reset-request", json(Map.of("email", EMAIL)));
        HttpResponse<String> unknown = api.post("/auth/password/reset-request",
                json(Map.of("email", "nobody@example.org")));

        assertThat(known.statusCode()).isEqualTo(200);
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(known.body()).isEqualTo(unknown.body());
        assertThat(data(known).get("message").asText()).isEqualTo(PasswordResetRoutes.RESET_REQUESTED);
        assertThat(known.headers().map().keySet()).isEqualTo(unknown.headers().map().keySet());
        // Both responses arrived while their emails were still queued, one task for each request.
        assertThat(api.iam.mailer().sent()).hasSize(mailsBefore);
        assertThat(queuedMail).hasSize(2);

        queuedMail.forEach(Runnable::run);

        assertThat(api.iam.mailer().sent()).hasSize(mailsBefore + 1);
        assertThat(api.iam.mailer().last().to()).isEqualTo(EMAIL);
        assertThat(api.iam.mailer().last().textBody()).contains("/reset-password?token=");
        assertThat(api.iam.mailer().sentTo("nobody@example.org")).isEmpty();
        assertThat(auditActions()).containsExactly("auth.password_reset_requested", "auth.password_reset_requested");
    }

    @Test
    void resetRevokesSessionsAndClearsLock() {
        api = ApiFixture.start();
        PlaintextScan scan = new PlaintextScan(api.iam);
        ApiFixture.SignedUp user = api.signUp(EMAIL);
        for (int attempt = 0; attempt < 10; attempt++) {
            api.post("/auth/login", json(Map.of("email", EMAIL, "password", "Wrong-Password-1!")));
        }
        assertThat(api.post("/auth/login", json(Map.of("email", EMAIL, "password", ApiFixture.PASSWORD)))
                .statusCode()).as("locked").isEqualTo(422);
        String token = requestResetToken();

        HttpResponse<String> reset = api.post("/auth/password/reset",
                json(Map.of("token", token, "new_password", NEW_PASSWORD)));

        assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
        assertThat(data(reset).get("password_changed").asBoolean()).isTrue();
        assertThat(api.get("/auth/context", user.sessionToken()).statusCode()).isEqualTo(401);
        assertThat(api.iam.db().select(SESSIONS.REVOKED_REASON).from(SESSIONS).fetch(SESSIONS.REVOKED_REASON))
                .containsOnly("password_reset");
        assertThat(api.iam.db().select(USERS.FAILED_LOGIN_COUNT).from(USERS).fetchOne(USERS.FAILED_LOGIN_COUNT))
                .isZero();
        assertThat(api.iam.db().select(USERS.LOCKED_UNTIL).from(USERS).fetchOne(USERS.LOCKED_UNTIL)).isNull();
        HttpResponse<String> login = api.post("/auth/login", json(Map.of("email", EMAIL, "password", NEW_PASSWORD)));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(data(login).get("mfa_required").asBoolean()).isTrue();
        assertThat(api.post("/auth/login", json(Map.of("email", EMAIL, "password", ApiFixture.PASSWORD)))
                .statusCode()).as("old password").isEqualTo(422);
        assertThat(api.iam.mailer().last().subject()).containsIgnoringCase("password");
        assertThat(auditActions()).contains("auth.password_reset_completed");
        try (scan) {
            assertThat(scan.tables()).doesNotContain(token).doesNotContain(NEW_PASSWORD);
            assertThat(scan.logText()).doesNotContain(token).doesNotContain(NEW_PASSWORD);
        }
    }

    @Test
    void racingResetsLetOneWin() throws Exception {
        api = ApiFixture.start();
        api.signUp(EMAIL);
        String token = requestResetToken();

        List<Integer> statuses = Concurrent.run(2, () -> api.post("/auth/password/reset",
                json(Map.of("token", token, "new_password", NEW_PASSWORD))).statusCode());

        assertThat(statuses).containsExactlyInAnyOrder(200, 422);
        assertThat(auditActions()).containsOnlyOnce("auth.password_reset_completed");
    }

    @Test
    void badTokensGet422AndWeakPasswordGets400() {
        api = ApiFixture.start();
        api.signUp(EMAIL);
        String token = requestResetToken();

        HttpResponse<String> weak = api.post("/auth/password/reset",
                json(Map.of("token", token, "new_password", "short")));
        HttpResponse<String> garbage = api.post("/auth/password/reset",
                json(Map.of("token", "not-a-token", "new_password", NEW_PASSWORD)));
        HttpResponse<String> unknown = api.post("/auth/password/reset",
                json(Map.of("token", "ab".repeat(32), "new_password", NEW_PASSWORD)));

        assertThat(weak.statusCode()).isEqualTo(400);
        assertThat(body(weak).get("error").get("detail").get("field").asText()).isEqualTo("new_password");
        assertThat(garbage.statusCode()).isEqualTo(422);
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(body(unknown).get("error").get("code").asText()).isEqualTo("BUSINESS_RULE_VIOLATION");
        assertThat(body(unknown).get("error").get("message").asText()).isEqualTo(body(garbage).get("error")
                .get("message").asText());
        assertThat(reset(token).statusCode()).as("token still usable after a weak password").isEqualTo(200);
        assertThat(reset(token).statusCode()).as("used token").isEqualTo(422);

        String expiring = requestResetToken();
        api.iam.clock().advance(Duration.ofMinutes(61));
        assertThat(reset(expiring).statusCode()).as("expired token").isEqualTo(422);
    }

    private HttpResponse<String> reset(String token) {
        return api.post("/auth/password/reset", json(Map.of("token", token, "new_password", NEW_PASSWORD)));
    }

    private String requestResetToken() {
        HttpResponse<String> requested = api.post("/auth/password/reset-request", json(Map.of("email", EMAIL)));
        assertThat(requested.statusCode()).isEqualTo(200);
        return RecordingMailer.linkToken(api.iam.mailer().sentTo(EMAIL).getLast());
    }

    private List<String> auditActions() {
        return api.iam.db().select(AUDIT_LOG.ACTION).from(AUDIT_LOG)
                .where(AUDIT_LOG.ACTION.like("auth.password_reset%"))
                .orderBy(AUDIT_LOG.CREATED_AT)
                .fetch(AUDIT_LOG.ACTION);
    }
}
