package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.server.api.ApiFixture.body;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.ApiFixture.json;
import static org.billing.iam.server.api.ApiFixture.sessionCookie;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.billing.iam.core.testing.RecordingMailer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole sign-in life of one user over real HTTP, from registration to logout. */
class SignInFlowTest {

    private static final String EMAIL = "ada@example.org";

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
    void registerToLogoutOverHttp() {
        HttpResponse<String> registered = api.post("/auth/register", json(Map.of(
                "email", EMAIL, "password", ApiFixture.PASSWORD, "full_name", "Dr. Ada Test", "phone", "+1 555 0100")));
        assertThat(registered.statusCode()).isEqualTo(201);
        String verification = RecordingMailer.linkToken(api.iam.mailer().sentTo(EMAIL).getLast());

        HttpResponse<String> verified = api.post("/auth/verify-email", json(Map.of("token", verification)));
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(data(verified).get("mfa_setup_required").asBoolean()).isTrue();

        HttpResponse<String> loggedIn = api.post("/auth/login", json(Map.of("email", EMAIL, "password", ApiFixture.PASSWORD)));
        assertThat(loggedIn.statusCode()).isEqualTo(200);
        assertThat(data(loggedIn).get("mfa_setup_required").asBoolean()).isTrue();
        assertThat(data(loggedIn).has("mfa_required")).isFalse();
        assertThat(loggedIn.headers().allValues("Set-Cookie")).isEmpty();
        String setupToken = data(loggedIn).get("mfa_session_token").asText();

        JsonNode setup = data(api.post("/auth/mfa/setup", json(Map.of("mfa_session_token", setupToken))));
        String secret = setup.get("manual_key").asText();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(setup.get("qr_code_uri").asText()).startsWith("otpauth://totp/").contains("secret=" + secret);
        assertThat(setup.get("qr_code_png").asText()).startsWith("data:image/png;base64,");

        HttpResponse<String> confirmed = api.post("/auth/mfa/confirm",
                json(Map.of("mfa_session_token", setupToken, "totp_code", api.totp(secret))));
        assertThat(confirmed.statusCode()).isEqualTo(200);
        List<String> codes = new ArrayList<>();
        data(confirmed).get("recovery_codes").forEach(code -> codes.add(code.asText()));
        assertThat(codes).hasSize(10).doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}"));
        String cookieHeader = confirmed.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookieHeader).matches("session=[0-9a-f]{64}; .*")
                .contains("; HttpOnly").contains("; Secure").contains("; SameSite=Lax")
                .contains("; Path=/").contains("; Max-Age=86400");
        String first = sessionCookie(confirmed);

        JsonNode context = data(api.get("/auth/context", first));
        assertThat(context.get("role").asText()).isEqualTo("PHYSICIAN");
        assertThat(context.get("subscription_status").asText()).isEqualTo("TRIAL");
        assertThat(context.get("access_level").asText()).isEqualTo("FULL");
        assertThat(context.get("permissions")).hasSize(24);
        assertThat(context.get("acting_for_physician_id").isNull()).isTrue();
        assertThat(context.get("linkage_id").isNull()).isTrue();
        String userId = context.get("user_id").asText();
        UUID firstSessionId = UUID.fromString(context.get("session_id").asText());

        HttpResponse<String> account = api.get("/account", first);
        assertThat(account.statusCode()).isEqualTo(200);
        assertThat(data(account).get("user_id").asText()).isEqualTo(userId);
        assertThat(data(account).get("email").asText()).isEqualTo(EMAIL);
        assertThat(data(account).get("phone").asText()).isEqualTo("+1 555 0100");
        assertThat(data(account).get("mfa_configured").asBoolean()).isTrue();
        assertThat(data(account).get("unused_recovery_codes").asInt()).isEqualTo(10);
        assertThat(account.body()).doesNotContain("hash").doesNotContain("secret").doesNotContain("$argon2");

        JsonNode sessions = data(api.get("/sessions", first));
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).get("session_id").asText()).isEqualTo(firstSessionId.toString());
        assertThat(sessions.get(0).get("current").asBoolean()).isTrue();
        assertThat(sessions.get(0).get("ip_address").asText()).isEqualTo("127.0.0.1");
        assertThat(sessions.get(0).get("user_agent").asText()).isNotNull();
        assertThat(sessions.get(0).has("created_at")).isTrue();
        assertThat(sessions.get(0).has("last_active_at")).isTrue();

        String mfaToken = api.passwordStep(EMAIL);
        HttpResponse<String> totpLogin = api.post("/auth/login/mfa",
                json(Map.of("mfa_session_token", mfaToken, "totp_code", api.totp(secret))));
        assertThat(totpLogin.statusCode()).isEqualTo(200);
        String second = sessionCookie(totpLogin);
        assertThat(second).isNotEqualTo(first);

        String recoveryToken = api.passwordStep(EMAIL);
        HttpResponse<String> recoveryLogin = api.post("/auth/login/recovery",
                json(Map.of("mfa_session_token", recoveryToken, "recovery_code", codes.get(0))));
        assertThat(recoveryLogin.statusCode()).isEqualTo(200);
        assertThat(data(recoveryLogin).get("remaining_codes").asInt()).isEqualTo(9);
        assertThat(data(recoveryLogin).get("regeneration_recommended").asBoolean()).isFalse();
        String third = sessionCookie(recoveryLogin);
        assertThat(third).isNotIn(first, second);

        JsonNode allSessions = data(api.get("/sessions", third));
        assertThat(allSessions).hasSize(3);
        UUID secondSessionId = UUID.fromString(data(api.get("/auth/context", second)).get("session_id").asText());
        assertThat(api.delete("/sessions/" + secondSessionId, third).statusCode()).isEqualTo(204);
        HttpResponse<String> revokedUse = api.get("/auth/context", second);
        assertThat(revokedUse.statusCode()).isEqualTo(401);
        assertThat(body(revokedUse).get("error").get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(api.iam.db().select(SESSIONS.REVOKED_REASON).from(SESSIONS)
                .where(SESSIONS.SESSION_ID.eq(secondSessionId)).fetchOne(SESSIONS.REVOKED_REASON))
                .isEqualTo("revoked_remote");

        HttpResponse<String> loggedOut = api.post("/auth/logout", "", third);
        assertThat(loggedOut.statusCode()).isEqualTo(204);
        assertThat(loggedOut.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith("session=;").contains("Max-Age=0");
        assertThat(api.get("/auth/context", third).statusCode()).isEqualTo(401);
        assertThat(api.get("/auth/context", first).statusCode()).isEqualTo(200);
    }

    @Test
    void revokeOthersKeepsCurrentSession() {
        ApiFixture.SignedUp user = api.signUp(EMAIL);
        String other = sessionCookie(api.post("/auth/login/mfa", json(Map.of(
                "mfa_session_token", api.passwordStep(EMAIL), "totp_code", api.totp(user.totpSecret())))));

        HttpResponse<String> revoked = api.delete("/sessions", user.sessionToken());

        assertThat(revoked.statusCode()).isEqualTo(200);
        assertThat(data(revoked).get("revoked_count").asInt()).isEqualTo(1);
        assertThat(api.get("/auth/context", other).statusCode()).isEqualTo(401);
        assertThat(api.get("/auth/context", user.sessionToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void emptySessionIdRevokesNothing() {
        ApiFixture.SignedUp user = api.signUp(EMAIL);
        String other = sessionCookie(api.post("/auth/login/mfa", json(Map.of(
                "mfa_session_token", api.passwordStep(EMAIL), "totp_code", api.totp(user.totpSecret())))));

        HttpResponse<String> response = api.delete("/sessions/", user.sessionToken());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(api.get("/auth/context", other).statusCode()).isEqualTo(200);
        assertThat(api.get("/auth/context", user.sessionToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void revokingCurrentSessionClearsCookie() {
        ApiFixture.SignedUp user = api.signUp(EMAIL);
        String sessionId = data(api.get("/auth/context", user.sessionToken())).get("session_id").asText();

        HttpResponse<String> revoked = api.delete("/sessions/" + sessionId, user.sessionToken());

        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(revoked.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("session=;");
        assertThat(api.get("/auth/context", user.sessionToken()).statusCode()).isEqualTo(401);
    }

    @Test
    void idleSessionExpiresAfterHour() {
        ApiFixture.SignedUp user = api.signUp(EMAIL);
        api.iam.clock().advance(Duration.ofMinutes(59));
        assertThat(api.get("/auth/context", user.sessionToken()).statusCode()).isEqualTo(200);

        api.iam.clock().advance(Duration.ofMinutes(61));

        assertThat(api.get("/auth/context", user.sessionToken()).statusCode()).isEqualTo(401);
        assertThat(api.iam.db().select(SESSIONS.REVOKED_REASON).from(SESSIONS).fetchOne(SESSIONS.REVOKED_REASON))
                .isEqualTo("expired_idle");
    }

    @Test
    void logoutWithoutSessionSucceeds() {
        HttpResponse<String> withoutCookie = api.post("/auth/logout", "");
        HttpResponse<String> withGarbage = api.post("/auth/logout", "", "not-a-token");
        HttpResponse<String> withUnknown = api.post("/auth/logout", "", "ab".repeat(32));

        for (HttpResponse<String> response : List.of(withoutCookie, withGarbage, withUnknown)) {
            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("session=;");
        }
    }
}
