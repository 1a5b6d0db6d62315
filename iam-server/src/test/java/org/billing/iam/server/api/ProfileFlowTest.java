package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.server.api.ApiFixture.body;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.ApiFixture.json;
import static org.billing.iam.server.api.ApiFixture.sessionCookie;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.billing.iam.core.account.AccountDeletionService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Profile changes, the secondary email and account deletion, over real HTTP. */
class ProfileFlowTest {

    private static final String EMAIL = "profile@example.org";

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
    void patchUpdatesNameAndPhone() {
        HttpResponse<String> both = patch(Map.of("full_name", "Dr. Ada Renamed", "phone", "+1 555 0199"));
        assertThat(both.statusCode()).as(both.body()).isEqualTo(204);
        assertThat(account().get("full_name").asText()).isEqualTo("Dr. Ada Renamed");
        assertThat(account().get("phone").asText()).isEqualTo("+1 555 0199");

        Map<String, Object> removePhone = new HashMap<>();
        removePhone.put("phone", null);
        assertThat(patch(removePhone).statusCode()).isEqualTo(204);

        assertThat(account().get("phone").isNull()).isTrue();
        assertThat(account().get("full_name").asText()).as("absent field kept").isEqualTo("Dr. Ada Renamed");
        assertThat(api.iam.db().fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("account.updated"))).isEqualTo(2);
        assertThat(patch(Map.of()).statusCode()).as("nothing to change").isEqualTo(400);
        assertThat(patch(Map.of("phone", "call me")).statusCode()).as("invalid phone").isEqualTo(400);
    }

    @Test
    void secondaryEmailIsSetAndRemoved() {
        assertThat(putSecondary(Map.of("secondary_email", "Notices@Example.org")).statusCode()).isEqualTo(204);
        assertThat(account().get("secondary_email").asText()).isEqualTo("notices@example.org");

        HttpResponse<String> same = putSecondary(Map.of("secondary_email", EMAIL));
        assertThat(same.statusCode()).isEqualTo(422);
        HttpResponse<String> missing = putSecondary(Map.of());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(body(missing).get("error").get("detail").get("field").asText()).isEqualTo("secondary_email");

        Map<String, Object> remove = new HashMap<>();
        remove.put("secondary_email", null);
        assertThat(putSecondary(remove).statusCode()).isEqualTo(204);
        assertThat(account().get("secondary_email").isNull()).isTrue();
        assertThat(api.iam.db().fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("account.secondary_email_updated")))
                .isEqualTo(2);
    }

    @Test
    void deleteRevokesSessionsAndClearsCookie() {
        String other = sessionCookie(api.post("/auth/login/mfa", json(Map.of(
                "mfa_session_token", api.passwordStep(EMAIL), "totp_code", api.totp(user.totpSecret())))));
        assertThat(delete(ApiFixture.PASSWORD, api.totp(user.totpSecret()), "delete").statusCode())
                .as("confirmation is case-sensitive").isEqualTo(400);
        assertThat(delete("Wrong-Password-1!", api.totp(user.totpSecret()), "DELETE").statusCode())
                .as("wrong password").isEqualTo(422);
        assertThat(api.get("/auth/context", user.sessionToken()).statusCode()).isEqualTo(200);

        HttpResponse<String> deleted = delete(ApiFixture.PASSWORD, api.totp(user.totpSecret()), "DELETE");

        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        OffsetDateTime scheduled = OffsetDateTime.parse(data(deleted).get("scheduled_deletion_at").asText());
        assertThat(scheduled.toInstant())
                .isEqualTo(api.iam.clock().instant().plus(AccountDeletionService.GRACE_PERIOD));
        assertThat(deleted.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("session=;")
                .contains("Max-Age=0");
        assertThat(api.get("/auth/context", user.sessionToken()).statusCode()).isEqualTo(401);
        assertThat(api.get("/auth/context", other).statusCode()).isEqualTo(401);
        assertThat(api.iam.db().select(SESSIONS.REVOKED_REASON).from(SESSIONS).fetch(SESSIONS.REVOKED_REASON))
                .containsOnly("account_deleted");
        HttpResponse<String> login = api.post("/auth/login",
                json(Map.of("email", EMAIL, "password", ApiFixture.PASSWORD)));
        assertThat(login.statusCode()).isEqualTo(422);
        assertThat(login.body()).doesNotContain("mfa_session_token");
        String detail = api.iam.db().select(AUDIT_LOG.DETAIL).from(AUDIT_LOG)
                .where(AUDIT_LOG.ACTION.eq("account.deletion_requested"))
                .fetchOne(record -> String.valueOf(record.value1()));
        assertThat(detail).contains("revoked_sessions").doesNotContain(ApiFixture.PASSWORD);
    }

    private JsonNode account() {
        HttpResponse<String> account = api.get("/account", user.sessionToken());
        assertThat(account.statusCode()).isEqualTo(200);
        return data(account);
    }

    private HttpResponse<String> patch(Map<String, ?> fields) {
        return api.send("PATCH", "/account", json(fields), user.sessionToken());
    }

    private HttpResponse<String> putSecondary(Map<String, ?> fields) {
        return api.send("PUT", "/account/secondary-email", json(fields), user.sessionToken());
    }

    private HttpResponse<String> delete(String password, String code, String confirmation) {
        return api.post("/account/delete", json(Map.of("password", password, "totp_code", code,
                "confirmation", confirmation)), user.sessionToken());
    }
}
