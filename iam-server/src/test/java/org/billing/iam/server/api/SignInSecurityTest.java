package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.RECOVERY_CODES;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.server.api.ApiFixture.body;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.ApiFixture.json;
import static org.billing.iam.server.api.ApiFixture.sessionCookie;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.billing.iam.core.auth.LoginService;
import org.billing.iam.core.crypto.Totp;
import org.billing.iam.core.testing.Concurrent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Session fixation, account enumeration, code replay and code races, over real HTTP. */
class SignInSecurityTest {

    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void cookieSentBeforeLoginIsNeverPromoted() {
        ApiFixture.SignedUp user = api.signUp("fixation@example.org");
        String planted = "0123456789abcdef".repeat(4);

        HttpResponse<String> password = api.post("/auth/login",
                json(Map.of("email", user.email(), "password", ApiFixture.PASSWORD)), planted);
        String mfaToken = data(password).get("mfa_session_token").asText();
        HttpResponse<String> mfa = api.post("/auth/login/mfa",
                json(Map.of("mfa_session_token", mfaToken, "totp_code", api.totp(user.totpSecret()))), planted);

        assertThat(password.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(sessionCookie(mfa)).isNotEqualTo(planted).matches("[0-9a-f]{64}");
        assertThat(api.get("/auth/context", planted).statusCode()).isEqualTo(401);
        assertThat(api.get("/auth/context", sessionCookie(mfa)).statusCode()).isEqualTo(200);
    }

    @Test
    void registerAnswersAlikeForKnownAndUnknownEmail() {
        api.register("taken@example.org");
        String request = json(Map.of("email", "%s", "password", ApiFixture.PASSWORD, "full_name", "Someone"));

        HttpResponse<String> existing = api.post("/auth/register", request.formatted("taken@example.org"));
        HttpResponse<String> fresh = api.post("/auth/register", request.formatted("fresh@example.org"));

        assertThat(existing.statusCode()).isEqualTo(201);
        assertThat(fresh.statusCode()).isEqualTo(201);
        assertThat(existing.body()).isEqualTo(fresh.body());
        assertThat(existing.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void loginAnswersAlikeForKnownAndUnknownEmail() {
        api.signUp("known@example.org");

        HttpResponse<String> wrongPassword = api.post("/auth/login",
                json(Map.of("email", "known@example.org", "password", "Wrong-Password-1!")));
        HttpResponse<String> unknownEmail = api.post("/auth/login",
                json(Map.of("email", "nobody@example.org", "password", "Wrong-Password-1!")));

        assertThat(wrongPassword.statusCode()).isEqualTo(422);
        assertThat(unknownEmail.statusCode()).isEqualTo(422);
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
        assertThat(body(unknownEmail).get("error").get("message").asText()).isEqualTo(LoginService.INVALID_CREDENTIALS);
    }

    @Test
    void unverifiedEmailRevealedOnlyAfterCorrectPassword() {
        api.register("unverified@example.org");

        HttpResponse<String> wrongPassword = api.post("/auth/login",
                json(Map.of("email", "unverified@example.org", "password", "Wrong-Password-1!")));
        HttpResponse<String> rightPassword = api.post("/auth/login",
                json(Map.of("email", "unverified@example.org", "password", ApiFixture.PASSWORD)));

        assertThat(wrongPassword.statusCode()).isEqualTo(422);
        assertThat(body(wrongPassword).get("error").get("message").asText()).isEqualTo(LoginService.INVALID_CREDENTIALS);
        assertThat(rightPassword.statusCode()).isEqualTo(422);
        assertThat(body(rightPassword).get("error").get("code").asText()).isEqualTo("BUSINESS_RULE_VIOLATION");
        assertThat(body(rightPassword).get("error").get("message").asText()).isEqualTo(LoginService.EMAIL_NOT_VERIFIED);
        assertThat(rightPassword.body()).doesNotContain("mfa_session_token");
    }

    @Test
    void totpCodeReplayIsRejected() {
        ApiFixture.SignedUp user = api.signUp("replay@example.org");
        api.iam.clock().advance(java.time.Duration.ofSeconds(Totp.PERIOD_SECONDS));
        String code = Totp.code(user.totpSecret(), new Totp(api.iam.clock()).currentStep());

        HttpResponse<String> first = api.post("/auth/login/mfa",
                json(Map.of("mfa_session_token", api.passwordStep(user.email()), "totp_code", code)));
        HttpResponse<String> replay = api.post("/auth/login/mfa",
                json(Map.of("mfa_session_token", api.passwordStep(user.email()), "totp_code", code)));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(replay.statusCode()).isEqualTo(422);
        assertThat(body(replay).get("error").get("code").asText()).isEqualTo("BUSINESS_RULE_VIOLATION");
        assertThat(replay.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void recoveryCodeWorksOnceUnderTwentyRacingRequests() throws Exception {
        ApiFixture.SignedUp user = api.signUp("race@example.org");
        String mfaToken = api.passwordStep(user.email());
        long sessionsBefore = api.iam.db().fetchCount(SESSIONS);
        HttpRequest.Builder request = api.server.request(ApiRoutes.PREFIX + "/auth/login/recovery")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(Map.of(
                        "mfa_session_token", mfaToken, "recovery_code", user.recoveryCodes().get(3)))));

        List<HttpResponse<String>> responses = Concurrent.run(20, () -> api.server.send(request.copy()));

        List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
        assertThat(statuses).containsOnly(200, 422);
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(api.iam.db().fetchCount(RECOVERY_CODES, RECOVERY_CODES.USED.isTrue())).isEqualTo(1);
        assertThat(api.iam.db().fetchCount(SESSIONS)).isEqualTo(sessionsBefore + 1);
    }

    @Test
    void usedRecoveryCodeIsRejectedAfterwards() {
        ApiFixture.SignedUp user = api.signUp("spent@example.org");
        String code = user.recoveryCodes().get(0);

        HttpResponse<String> first = api.post("/auth/login/recovery",
                json(Map.of("mfa_session_token", api.passwordStep(user.email()), "recovery_code", code)));
        HttpResponse<String> again = api.post("/auth/login/recovery",
                json(Map.of("mfa_session_token", api.passwordStep(user.email()), "recovery_code", code.toLowerCase())));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(422);
    }

    @Test
    void mfaTokenDoesNotOpenProtectedRoutes() {
        api.register("half@example.org");
        api.post("/auth/verify-email", json(Map.of("token",
                org.billing.iam.core.testing.RecordingMailer.linkToken(api.iam.mailer().last()))));
        String mfaToken = api.passwordStep("half@example.org");

        HttpResponse<String> asCookie = api.server.send(api.server.request(ApiRoutes.PREFIX + "/auth/context")
                .header("Cookie", "session=" + mfaToken).GET());
        HttpResponse<String> asLogin = api.post("/auth/login/mfa",
                json(Map.of("mfa_session_token", mfaToken, "totp_code", "123456")));

        assertThat(asCookie.statusCode()).isEqualTo(401);
        assertThat(asLogin.statusCode()).isEqualTo(401);
    }
}
