package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.server.api.ApiFixture.body;
import static org.billing.iam.server.api.ApiFixture.json;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.billing.iam.core.testing.TestUsers;
import org.billing.iam.server.http.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits over real HTTP with small budgets: 429 with {@code Retry-After}, one budget for
 * two server nodes on one database, and the exemption of the auth context route.
 */
class RateLimitTest {

    private static final RateLimitSettings SMALL = new RateLimitSettings(4, 3, 3, 2, 5);

    private ApiFixture api;
    private TestServer secondNode;

    @AfterEach
    void stop() {
        if (secondNode != null) {
            secondNode.close();
        }
        api.close();
    }

    @Test
    void signInLimitAnswers429WithRetryAfter() {
        api = ApiFixture.start(SMALL, Runnable::run);
        api.iam.clock().set(api.iam.clock().instant().plusSeconds(45));
        for (int attempt = 0; attempt < SMALL.signInPerMinute(); attempt++) {
            assertThat(login().statusCode()).as("attempt " + attempt).isEqualTo(422);
        }
        int auditRows = api.iam.db().fetchCount(AUDIT_LOG);

        HttpResponse<String> limited = login();

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(body(limited).get("error").get("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(limited.headers().firstValue("Retry-After")).as("seconds to the end of the minute").hasValue("15");
        assertThat(api.iam.db().fetchCount(AUDIT_LOG)).as("no handler ran").isEqualTo(auditRows);
        assertThat(api.post("/auth/login/mfa", json(Map.of("mfa_session_token", "x", "totp_code", "1")))
                .statusCode()).as("sign-in steps share the budget").isEqualTo(429);
        assertThat(api.post("/auth/register", json(Map.of())).statusCode()).as("other group").isEqualTo(400);

        api.iam.clock().advance(Duration.ofSeconds(15));
        assertThat(login().statusCode()).as("next window").isEqualTo(422);
    }

    @Test
    void twoNodesShareOneBudget() {
        api = ApiFixture.start(SMALL, Runnable::run);
        secondNode = ApiFixture.server(api.secondNode(), SMALL, Runnable::run);

        for (int attempt = 0; attempt < SMALL.signInPerMinute(); attempt++) {
            TestServer node = attempt % 2 == 0 ? api.server : secondNode;
            assertThat(login(node).statusCode()).as("attempt " + attempt).isEqualTo(422);
        }

        assertThat(login(api.server).statusCode()).isEqualTo(429);
        assertThat(login(secondNode).statusCode()).isEqualTo(429);
    }

    @Test
    void userLimitSparesAuthContext() {
        api = ApiFixture.start(SMALL, Runnable::run);
        secondNode = ApiFixture.server(api.secondNode(), SMALL, Runnable::run);
        TestUsers.TestUser user = api.iam.user().withMfa().create();
        String session = api.signIn(user);
        for (int request = 0; request < SMALL.userPerMinute(); request++) {
            TestServer node = request % 2 == 0 ? api.server : secondNode;
            assertThat(account(node, session).statusCode()).as("request " + request).isEqualTo(200);
        }

        HttpResponse<String> limited = account(secondNode, session);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(api.post("/account/mfa/regenerate-codes", json(Map.of("totp_code", "1")), session).statusCode())
                .as("every other authenticated route").isEqualTo(429);
        for (int request = 0; request < 3 * SMALL.userPerMinute(); request++) {
            assertThat(api.get("/auth/context", session).statusCode()).as("auth context " + request).isEqualTo(200);
        }
        String otherSession = api.signIn(api.iam.user().withMfa().create());
        assertThat(account(api.server, otherSession).statusCode()).as("another user's budget").isEqualTo(200);
    }

    @Test
    void resetRequestsLimitedPerEmail() {
        RateLimitSettings limits = new RateLimitSettings(100, 100, 100, 2, 100);
        api = ApiFixture.start(limits, Runnable::run);
        String known = api.iam.user().withMfa().create().email();

        for (String email : new String[] {known, "nobody@example.org"}) {
            assertThat(resetRequest(email).statusCode()).isEqualTo(200);
            assertThat(resetRequest(email.toUpperCase()).statusCode()).as("same email in capitals").isEqualTo(200);
            HttpResponse<String> limited = resetRequest(email);
            assertThat(limited.statusCode()).as(email).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        }
        assertThat(api.iam.mailer().sentTo(known)).hasSize(2);
        assertThat(resetRequest("third@example.org").statusCode()).as("another email").isEqualTo(200);
    }

    @Test
    void registrationAndResetLimitedPerIp() {
        api = ApiFixture.start(SMALL, Runnable::run);
        for (int request = 0; request < SMALL.registrationPerHour(); request++) {
            assertThat(api.post("/auth/verify-email", json(Map.of("token", "bad"))).statusCode()).isEqualTo(422);
        }
        assertThat(api.post("/auth/register", json(Map.of())).statusCode()).isEqualTo(429);
        assertThat(api.post("/delegates/accept", json(Map.of())).statusCode()).as("invitation acceptance")
                .isEqualTo(429);
        for (int request = 0; request < SMALL.passwordResetPerHour(); request++) {
            assertThat(api.post("/auth/password/reset", json(Map.of("token", "bad", "new_password", "Aa1!aaaaaaaaaa")))
                    .statusCode()).isEqualTo(422);
        }
        HttpResponse<String> limited = resetRequest("anyone@example.org");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3600L);
    }

    private HttpResponse<String> login() {
        return login(api.server);
    }

    private static HttpResponse<String> login(TestServer node) {
        return node.postJson(ApiRoutes.PREFIX + "/auth/login",
                json(Map.of("email", "someone@example.org", "password", "Wrong-Password-1!")));
    }

    private static HttpResponse<String> account(TestServer node, String session) {
        return node.send(ApiFixture.withCookie(node.request(ApiRoutes.PREFIX + "/account").GET(), session));
    }

    private HttpResponse<String> resetRequest(String email) {
        return api.post("/auth/password/reset-request", json(Map.of("email", email)));
    }
}
