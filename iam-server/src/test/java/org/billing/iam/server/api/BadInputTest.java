package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.server.api.ApiFixture.body;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.ApiFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.testing.PlaintextScan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed requests get a JSON 4xx naming the problem, never a 500, and change no row. */
class BadInputTest {

    private ApiFixture api;
    private ApiFixture.SignedUp user;
    private String mfaToken;

    @BeforeEach
    void start() {
        api = ApiFixture.start();
        user = api.signUp("input@example.org");
        mfaToken = api.passwordStep(user.email());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** One bad request and the error it must get: status, code, and the field named in the detail (or null). */
    private record Case(String name, HttpRequest.Builder request, int status, String code, String field) {
    }

    @Test
    void badRequestsChangeNothing() {
        List<Case> cases = cases();
        try (PlaintextScan scan = new PlaintextScan(api.iam)) {
            Map<String, Integer> countsBefore = api.tableCounts();
            String rowsBefore = ApiFixture.withoutRateLimitCounters(scan.tables());

            for (Case bad : cases) {
                HttpResponse<String> response = api.server.send(bad.request());
                assertThat(response.statusCode()).as(bad.name() + ": " + response.body()).isEqualTo(bad.status());
                JsonNode error = body(response).get("error");
                assertThat(error.get("code").asText()).as(bad.name()).isEqualTo(bad.code());
                assertThat(error.get("message").asText()).as(bad.name()).isNotBlank();
                if (bad.field() != null) {
                    assertThat(error.get("detail").get("field").asText()).as(bad.name()).isEqualTo(bad.field());
                }
                assertThat(response.headers().allValues("Set-Cookie")).as(bad.name()).isEmpty();
            }

            assertThat(api.tableCounts()).isEqualTo(countsBefore);
            assertThat(ApiFixture.withoutRateLimitCounters(scan.tables())).isEqualTo(rowsBefore);
        }
    }

    private List<Case> cases() {
        String register = "/auth/register";
        String valid = json(Map.of("email", "new@example.org", "password", ApiFixture.PASSWORD, "full_name", "N"));
        List<Case> cases = new ArrayList<>();
        cases.add(validation("malformed JSON", post(register, "{\"email\": "), "body"));
        cases.add(validation("array body", post(register, "[]"), "body"));
        cases.add(validation("null body", post(register, "null"), "body"));
        cases.add(validation("empty body", post(register, ""), "body"));
        cases.add(validation("trailing content", post(register, valid + " {}"), "body"));
        cases.add(validation("duplicate key", post(register,
                "{\"email\":\"a@example.org\",\"email\":\"b@example.org\"}"), "body"));
        cases.add(validation("deep nesting", post(register, "[".repeat(5000) + "]".repeat(5000)), "body"));
        cases.add(validation("invalid UTF-8", rawPost(register, "application/json",
                new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}), "body"));
        cases.add(validation("email as number", post(register,
                "{\"email\":42,\"password\":\"" + ApiFixture.PASSWORD + "\",\"full_name\":\"N\"}"), "email"));
        cases.add(validation("missing full name", post(register,
                json(Map.of("email", "new@example.org", "password", ApiFixture.PASSWORD))), "full_name"));
        cases.add(validation("oversized email", post(register, json(Map.of("email", "a".repeat(300) + "@example.org",
                "password", ApiFixture.PASSWORD, "full_name", "N"))), "email"));
        cases.add(validation("oversized password", post(register, json(Map.of("email", "new@example.org",
                "password", "Aa1!".repeat(2500), "full_name", "N"))), "password"));
        cases.add(validation("oversized full name", post(register, json(Map.of("email", "new@example.org",
                "password", ApiFixture.PASSWORD, "full_name", "N".repeat(10_000)))), "full_name"));
        cases.add(validation("phone as array", post(register, "{\"email\":\"new@example.org\",\"password\":\""
                + ApiFixture.PASSWORD + "\",\"full_name\":\"N\",\"phone\":[1]}"), "phone"));
        cases.add(validation("NUL in name", post(register, json(Map.of("email", "new@example.org",
                "password", ApiFixture.PASSWORD, "full_name", "N\u0000"))), "full_name"));
        cases.add(validation("weak password", post(register, json(Map.of("email", "new@example.org",
                "password", "short", "full_name", "N"))), "password"));
        cases.add(validation("text/plain", rawPost(register, "text/plain", valid.getBytes(StandardCharsets.UTF_8)),
                "Content-Type"));
        cases.add(validation("form encoded", rawPost(register, "application/x-www-form-urlencoded",
                "email=new%40example.org".getBytes(StandardCharsets.UTF_8)), "Content-Type"));
        cases.add(validation("no Content-Type", rawPost(register, null, valid.getBytes(StandardCharsets.UTF_8)),
                "Content-Type"));
        cases.add(validation("JSON look-alike type", rawPost(register, "application/jsonp",
                valid.getBytes(StandardCharsets.UTF_8)), "Content-Type"));
        cases.add(validation("form logout", rawPost("/auth/logout", "application/x-www-form-urlencoded", new byte[0]),
                "Content-Type"));
        cases.add(new Case("oversized body", post(register, "{\"x\":\"" + "a".repeat(70_000) + "\"}"),
                413, "PAYLOAD_TOO_LARGE", null));

        cases.add(validation("login password as number", post("/auth/login",
                "{\"email\":\"" + user.email() + "\",\"password\":12345678901234}"), "password"));
        cases.add(validation("login without email", post("/auth/login",
                json(Map.of("password", ApiFixture.PASSWORD))), "email"));
        cases.add(validation("login oversized password", post("/auth/login",
                json(Map.of("email", user.email(), "password", "x".repeat(2000)))), "password"));
        cases.add(validation("verify token as number", post("/auth/verify-email", "{\"token\":1}"), "token"));
        cases.add(validation("verify oversized token", post("/auth/verify-email",
                json(Map.of("token", "a".repeat(1000)))), "token"));
        cases.add(new Case("verify garbage token", post("/auth/verify-email", json(Map.of("token", "abc"))),
                422, "BUSINESS_RULE_VIOLATION", null));
        cases.add(new Case("setup garbage MFA token", post("/auth/mfa/setup",
                json(Map.of("mfa_session_token", "garbage"))), 401, "UNAUTHORIZED", null));
        cases.add(validation("setup oversized MFA token", post("/auth/mfa/setup",
                json(Map.of("mfa_session_token", "a".repeat(600)))), "mfa_session_token"));
        cases.add(validation("confirm without code", post("/auth/mfa/confirm",
                json(Map.of("mfa_session_token", mfaToken))), "totp_code"));
        cases.add(validation("TOTP code as number", post("/auth/login/mfa",
                "{\"mfa_session_token\":\"" + mfaToken + "\",\"totp_code\":123456}"), "totp_code"));
        cases.add(validation("oversized recovery code", post("/auth/login/recovery",
                json(Map.of("mfa_session_token", mfaToken, "recovery_code", "A".repeat(100)))), "recovery_code"));

        String cookie = user.sessionToken();
        cases.add(validation("non-UUID session id", delete("/sessions/not-a-uuid", cookie), "session_id"));
        cases.add(validation("short UUID session id", delete("/sessions/1-2-3-4-5", cookie), "session_id"));
        cases.add(new Case("unknown session id", delete("/sessions/" + UUID.randomUUID(), cookie),
                422, "BUSINESS_RULE_VIOLATION", null));
        cases.add(unauthorized("garbage cookie", get("/auth/context", "garbage")));
        cases.add(unauthorized("upper-case token", get("/auth/context", cookie.toUpperCase())));
        cases.add(unauthorized("unknown token", get("/auth/context", "f".repeat(64))));
        cases.add(unauthorized("no cookie", get("/account", null)));
        cases.add(unauthorized("no cookie on delete", delete("/sessions/" + UUID.randomUUID(), null)));
        cases.add(unauthorized("malformed Cookie header", api.server.request(ApiRoutes.PREFIX + "/auth/context")
                .header("Cookie", "session=\"unterminated; ;;=; session").GET()));
        return cases;
    }

    @Test
    void longUserAgentIsStoredTruncated() {
        String userAgent = "Agent/" + "x".repeat(10_000);
        HttpResponse<String> password = api.server.send(post("/auth/login",
                json(Map.of("email", user.email(), "password", ApiFixture.PASSWORD))).header("User-Agent", userAgent));
        String token = data(password).get("mfa_session_token").asText();
        HttpResponse<String> login = api.server.send(post("/auth/login/mfa",
                json(Map.of("mfa_session_token", token, "totp_code", api.totp(user.totpSecret()))))
                .header("User-Agent", userAgent));

        assertThat(password.statusCode()).isEqualTo(200);
        assertThat(login.statusCode()).isEqualTo(200);
        String stored = api.iam.db().select(SESSIONS.USER_AGENT).from(SESSIONS)
                .where(SESSIONS.USER_AGENT.startsWith("Agent/")).fetchSingle(SESSIONS.USER_AGENT);
        assertThat(stored).hasSize(RequestMetadata.MAX_USER_AGENT).isEqualTo(userAgent.substring(0, 512));
        JsonNode listed = data(api.get("/sessions", user.sessionToken()));
        assertThat(listed.findValuesAsText("user_agent")).contains(stored);
    }

    @Test
    void jsonWithCharsetParameterIsAccepted() {
        HttpResponse<String> response = api.server.send(rawPost("/auth/login", "Application/JSON; charset=UTF-8",
                json(Map.of("email", user.email(), "password", ApiFixture.PASSWORD)).getBytes(StandardCharsets.UTF_8)));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void logoutWithoutBodyOrContentTypeIsAccepted() {
        HttpResponse<String> response = api.server.send(api.server.request(ApiRoutes.PREFIX + "/auth/logout")
                .header("Cookie", "session=" + user.sessionToken())
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(api.get("/auth/context", user.sessionToken()).statusCode()).isEqualTo(401);
    }

    private static Case validation(String name, HttpRequest.Builder request, String field) {
        return new Case(name, request, 400, "VALIDATION_ERROR", field);
    }

    private static Case unauthorized(String name, HttpRequest.Builder request) {
        return new Case(name, request, 401, "UNAUTHORIZED", null);
    }

    private HttpRequest.Builder post(String path, String json) {
        return rawPost(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder rawPost(String path, String contentType, byte[] body) {
        HttpRequest.Builder request = api.server.request(ApiRoutes.PREFIX + path)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        return contentType == null ? request : request.header("Content-Type", contentType);
    }

    private HttpRequest.Builder get(String path, String sessionToken) {
        return ApiFixture.withCookie(api.server.request(ApiRoutes.PREFIX + path).GET(), sessionToken);
    }

    private HttpRequest.Builder delete(String path, String sessionToken) {
        return ApiFixture.withCookie(api.server.request(ApiRoutes.PREFIX + path).DELETE(), sessionToken);
    }
}
