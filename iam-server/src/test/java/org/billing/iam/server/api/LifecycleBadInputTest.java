package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.server.api.ApiFixture.body;
import static org.billing.iam.server.api.ApiFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.billing.iam.core.testing.PlaintextScan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests to the reset, MFA management and profile routes get a JSON 4xx naming the
 * field, never a 500, and change no row apart from the rate-limit counters.
 */
class LifecycleBadInputTest {

    private ApiFixture api;
    private String session;

    @BeforeEach
    void start() {
        api = ApiFixture.start();
        session = api.signUp("lifecycle-input@example.org").sessionToken();
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
        try (PlaintextScan scan = new PlaintextScan(api.iam)) {
            Map<String, Integer> countsBefore = api.tableCounts();
            String rowsBefore = ApiFixture.withoutRateLimitCounters(scan.tables());

            for (Case bad : cases()) {
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
        List<Case> cases = new ArrayList<>();
        String resetRequest = "/auth/password/reset-request";
        cases.add(validation("reset request without email", post(resetRequest, "{}", null), "email"));
        cases.add(validation("reset request email as number", post(resetRequest, "{\"email\":7}", null), "email"));
        cases.add(validation("reset request oversized email", post(resetRequest,
                json(Map.of("email", "a".repeat(300) + "@example.org")), null), "email"));
        cases.add(validation("reset request not JSON", post(resetRequest, "email=a", null), "body"));
        cases.add(validation("reset without token", post("/auth/password/reset",
                json(Map.of("new_password", ApiFixture.PASSWORD)), null), "token"));
        cases.add(validation("reset token as array", post("/auth/password/reset",
                "{\"token\":[\"a\"],\"new_password\":\"" + ApiFixture.PASSWORD + "\"}", null), "token"));
        cases.add(validation("reset oversized token", post("/auth/password/reset",
                json(Map.of("token", "a".repeat(500), "new_password", ApiFixture.PASSWORD)), null), "token"));
        cases.add(validation("reset without password", post("/auth/password/reset",
                json(Map.of("token", "ab".repeat(32))), null), "new_password"));
        cases.add(validation("reset oversized password", post("/auth/password/reset",
                json(Map.of("token", "ab".repeat(32), "new_password", "Aa1!".repeat(100))), null), "new_password"));
        cases.add(new Case("reset garbage token", post("/auth/password/reset",
                json(Map.of("token", "garbage", "new_password", ApiFixture.PASSWORD)), null),
                422, "BUSINESS_RULE_VIOLATION", null));

        cases.add(validation("regenerate without code", post("/account/mfa/regenerate-codes", "{}", session),
                "totp_code"));
        cases.add(validation("regenerate code as number", post("/account/mfa/regenerate-codes",
                "{\"totp_code\":123456}", session), "totp_code"));
        cases.add(validation("reconfigure without code", post("/account/mfa/reconfigure",
                json(Map.of("totp_code", "123456")), session), "current_totp_code"));
        cases.add(validation("reconfigure oversized code", post("/account/mfa/reconfigure",
                json(Map.of("current_totp_code", "1".repeat(100))), session), "current_totp_code"));
        cases.add(validation("confirm with cookie but no code", post("/auth/mfa/confirm", "{}", session),
                "totp_code"));

        cases.add(new Case("patch with nothing to change", send("PATCH", "/account", "{}", session),
                400, "VALIDATION_ERROR", null));
        cases.add(validation("patch empty name", send("PATCH", "/account", json(Map.of("full_name", "")), session),
                "full_name"));
        cases.add(validation("patch name as number", send("PATCH", "/account", "{\"full_name\":5}", session),
                "full_name"));
        cases.add(validation("patch oversized name", send("PATCH", "/account",
                json(Map.of("full_name", "N".repeat(201))), session), "full_name"));
        cases.add(validation("patch invalid phone", send("PATCH", "/account",
                json(Map.of("phone", "not a phone")), session), "phone"));
        cases.add(validation("patch NUL in name", send("PATCH", "/account",
                json(Map.of("full_name", "Ada\u0000")), session), "full_name"));
        cases.add(validation("patch array body", send("PATCH", "/account", "[]", session), "body"));
        cases.add(validation("secondary email missing", send("PUT", "/account/secondary-email", "{}", session),
                "secondary_email"));
        cases.add(validation("secondary email invalid", send("PUT", "/account/secondary-email",
                json(Map.of("secondary_email", "not-an-email")), session), "secondary_email"));
        cases.add(validation("secondary email too long", send("PUT", "/account/secondary-email",
                json(Map.of("secondary_email", "a".repeat(95) + "@example.org")), session), "secondary_email"));
        cases.add(validation("secondary email as object", send("PUT", "/account/secondary-email",
                "{\"secondary_email\":{}}", session), "secondary_email"));
        cases.add(validation("delete without confirmation", post("/account/delete",
                json(Map.of("password", ApiFixture.PASSWORD, "totp_code", "123456")), session), "confirmation"));
        cases.add(validation("delete wrong confirmation", post("/account/delete",
                json(Map.of("password", ApiFixture.PASSWORD, "totp_code", "123456", "confirmation", "yes")),
                session), "confirmation"));
        cases.add(validation("delete without password", post("/account/delete",
                json(Map.of("totp_code", "123456", "confirmation", "DELETE")), session), "password"));

        for (String[] route : new String[][] {{"POST", "/account/mfa/regenerate-codes"},
                {"POST", "/account/mfa/reconfigure"}, {"PATCH", "/account"}, {"PUT", "/account/secondary-email"},
                {"POST", "/account/delete"}}) {
            cases.add(new Case(route[0] + " " + route[1] + " without cookie", send(route[0], route[1], "{}", null),
                    401, "UNAUTHORIZED", null));
            cases.add(new Case(route[0] + " " + route[1] + " with unknown cookie",
                    send(route[0], route[1], "{}", "0".repeat(64)), 401, "UNAUTHORIZED", null));
        }
        return cases;
    }

    private static Case validation(String name, HttpRequest.Builder request, String field) {
        return new Case(name, request, 400, "VALIDATION_ERROR", field);
    }

    private HttpRequest.Builder post(String path, String json, String sessionToken) {
        return send("POST", path, json, sessionToken);
    }

    private HttpRequest.Builder send(String method, String path, String json, String sessionToken) {
        return ApiFixture.withCookie(api.server.request(ApiRoutes.PREFIX + path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)), sessionToken);
    }
}
