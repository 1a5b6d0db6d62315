package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.server.api.ApiFixture.body;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.ApiFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.billing.iam.core.testing.PlaintextScan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recovery code regeneration and authenticator change by a signed-in user, over real HTTP. */
class AccountMfaFlowTest {

    private static final String EMAIL = "mfa@example.org";

    private ApiFixture api;
    private ApiFixture.SignedUp user;

    @BeforeEach
    void start() {
        api = ApiFixture.start();
        user = api.signUp(EMAIL);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void regenerateReplacesEveryRecoveryCode() {
        HttpResponse<String> wrong = regenerate("000000");
        assertThat(wrong.statusCode()).isEqualTo(422);

        HttpResponse<String> regenerated = regenerate(api.totp(user.totpSecret()));

        assertThat(regenerated.statusCode()).as(regenerated.body()).isEqualTo(200);
        List<String> codes = texts(data(regenerated).get("recovery_codes"));
        assertThat(codes).hasSize(10).doesNotHaveDuplicates().doesNotContainAnyElementsOf(user.recoveryCodes())
                .allMatch(code -> code.matches("[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}"));
        assertThat(recoveryLogin(user.recoveryCodes().get(0)).statusCode()).as("old code").isEqualTo(422);
        assertThat(recoveryLogin(codes.get(0)).statusCode()).as("new code").isEqualTo(200);
        assertThat(auditDetails("account.recovery_codes_regenerated")).hasSize(1);
        try (PlaintextScan scan = new PlaintextScan(api.iam)) {
            String tables = scan.tables();
            codes.forEach(code -> assertThat(tables).doesNotContain(code).doesNotContain(code.replace("-", "")));
        }
    }

    @Test
    void accountShowsRemainingCodesAndRegenerationFlag() {
        JsonNode fresh = data(api.get("/account", user.sessionToken()));
        assertThat(fresh.get("unused_recovery_codes").asInt()).isEqualTo(10);
        assertThat(fresh.get("regeneration_recommended").asBoolean()).isFalse();

        for (String code : user.recoveryCodes().subList(0, 6)) {
            assertThat(recoveryLogin(code).statusCode()).isEqualTo(200);
        }
        JsonNode four = data(api.get("/account", user.sessionToken()));
        assertThat(four.get("unused_recovery_codes").asInt()).isEqualTo(4);
        assertThat(four.get("regeneration_recommended").asBoolean()).isFalse();

        assertThat(recoveryLogin(user.recoveryCodes().get(6)).statusCode()).isEqualTo(200);
        JsonNode three = data(api.get("/account", user.sessionToken()));
        assertThat(three.get("unused_recovery_codes").asInt()).isEqualTo(3);
        assertThat(three.get("regeneration_recommended").asBoolean()).isTrue();
    }

    @Test
    void oldSecretWorksUntilReconfigurationIsConfirmed() {
        PlaintextScan scan = new PlaintextScan(api.iam);
        HttpResponse<String> started = api.post("/account/mfa/reconfigure",
                json(Map.of("current_totp_code", api.totp(user.totpSecret()))), user.sessionToken());

        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String newSecret = data(started).get("manual_key").asText();
        assertThat(newSecret).matches("[A-Z2-7]{32}").isNotEqualTo(user.totpSecret());
        assertThat(data(started).get("qr_code_uri").asText()).startsWith("otpauth://totp/").contains(newSecret);
        assertThat(data(started).get("qr_code_png").asText()).startsWith("data:image/png;base64,");
        assertThat(totpLogin(user.totpSecret()).statusCode()).as("old secret before confirm").isEqualTo(200);
        assertThat(totpLogin(newSecret).statusCode()).as("new secret before confirm").isEqualTo(422);

        HttpResponse<String> wrong = confirm(api.totp(user.totpSecret()));
        assertThat(wrong.statusCode()).as("old secret cannot confirm").isEqualTo(422);
        HttpResponse<String> confirmed = confirm(api.totp(newSecret));

        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        assertThat(data(confirmed).get("mfa_reconfigured").asBoolean()).isTrue();
        assertThat(confirmed.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(api.get("/auth/context", user.sessionToken()).statusCode()).as("session kept").isEqualTo(200);
        assertThat(totpLogin(user.totpSecret()).statusCode()).as("old secret after confirm").isEqualTo(422);
        assertThat(totpLogin(newSecret).statusCode()).as("new secret after confirm").isEqualTo(200);
        assertThat(auditDetails("account.mfa_reconfigured"))
                .anyMatch(detail -> detail.contains("started"))
                .anyMatch(detail -> detail.contains("completed"));
        try (scan) {
            assertThat(scan.tables()).doesNotContain(newSecret);
            assertThat(scan.logText()).doesNotContain(newSecret);
        }
    }

    @Test
    void confirmWithoutPendingChangeIsRejected() {
        HttpResponse<String> confirmed = confirm(api.totp(user.totpSecret()));

        assertThat(confirmed.statusCode()).isEqualTo(422);
        assertThat(body(confirmed).get("error").get("code").asText()).isEqualTo("BUSINESS_RULE_VIOLATION");
    }

    @Test
    void confirmWithoutTokenOrCookieStillNamesToken() {
        HttpResponse<String> confirmed = api.post("/auth/mfa/confirm", json(Map.of("totp_code", "123456")));
        HttpResponse<String> unknownCookie = api.post("/auth/mfa/confirm", json(Map.of("totp_code", "123456")),
                "ab".repeat(32));

        assertThat(confirmed.statusCode()).isEqualTo(400);
        assertThat(body(confirmed).get("error").get("detail").get("field").asText()).isEqualTo("mfa_session_token");
        assertThat(unknownCookie.statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> regenerate(String code) {
        return api.post("/account/mfa/regenerate-codes", json(Map.of("totp_code", code)), user.sessionToken());
    }

    private HttpResponse<String> confirm(String code) {
        return api.post("/auth/mfa/confirm", json(Map.of("totp_code", code)), user.sessionToken());
    }

    private HttpResponse<String> recoveryLogin(String code) {
        return api.post("/auth/login/recovery", json(Map.of(
                "mfa_session_token", api.passwordStep(EMAIL), "recovery_code", code)));
    }

    private HttpResponse<String> totpLogin(String secret) {
        return api.post("/auth/login/mfa", json(Map.of(
                "mfa_session_token", api.passwordStep(EMAIL), "totp_code", api.totp(secret))));
    }

    private List<String> auditDetails(String action) {
        return api.iam.db().select(AUDIT_LOG.DETAIL).from(AUDIT_LOG)
                .where(AUDIT_LOG.ACTION.eq(action))
                .fetch(record -> String.valueOf(record.value1()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
