package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.server.api.ApiFixture.body;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.ApiFixture.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.billing.iam.core.IamCore;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionGate;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.RouteModule;
import org.billing.iam.server.http.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subscription gating over real HTTP. Besides the API, the server has a data route, read with
 * GET and written with POST, guarded by {@link Authenticator#require(Authenticator.AuthenticatedHandler)}
 * as the platform's data routes are.
 */
class SubscriptionGatingTest {

    private static final String DATA_PATH = ApiRoutes.PREFIX + "/test-data";

    private TestIam iam;
    private TestServer server;
    private ApiFixture api;

    @BeforeEach
    void start() {
        iam = TestIam.start();
        IamCore core = iam.core();
        Authenticator authenticator = new Authenticator(core.authContexts(), core.lifecycle().rateLimiter(), 10_000);
        RouteModule data = routes -> {
            routes.get(DATA_PATH, authenticator.require((ctx, caller) -> ApiResponses.ok(ctx, "read")));
            routes.post(DATA_PATH, authenticator.require((ctx, caller) -> ApiResponses.ok(ctx, "written")));
        };
        List<RouteModule> modules = new ArrayList<>(ApiRoutes.modules(core, ApiFixture.GENEROUS_LIMITS, Runnable::run));
        modules.add(data);
        server = TestServer.start(modules.toArray(RouteModule[]::new));
        api = ApiFixture.over(iam, server);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void activeAndTrialHaveFullAccess() {
        for (SubscriptionStatus status : List.of(SubscriptionStatus.TRIAL, SubscriptionStatus.ACTIVE)) {
            String session = signIn(status, Role.PHYSICIAN);

            assertThat(readData(session).statusCode()).as(status + " read").isEqualTo(200);
            assertThat(writeData(session).statusCode()).as(status + " write").isEqualTo(200);
            assertThat(context(session).get("access_level").asText()).isEqualTo("FULL");
            assertThat(texts(context(session).get("allowed_request_kinds")))
                    .containsExactly("READ", "WRITE", "ACCOUNT_MANAGEMENT", "DATA_EXPORT");
        }
    }

    @Test
    void pastDueReadsButCannotWrite() {
        String session = signIn(SubscriptionStatus.PAST_DUE, Role.PHYSICIAN);

        HttpResponse<String> write = writeData(session);

        assertThat(readData(session).statusCode()).isEqualTo(200);
        assertThat(write.statusCode()).isEqualTo(403);
        assertThat(body(write).get("error").get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(body(write).get("error").get("message").asText()).isEqualTo(SubscriptionGate.READ_ONLY);
        assertThat(context(session).get("subscription_status").asText()).isEqualTo("PAST_DUE");
        assertThat(context(session).get("access_level").asText()).isEqualTo("READ_ONLY");
        assertThat(texts(context(session).get("allowed_request_kinds")))
                .containsExactly("READ", "ACCOUNT_MANAGEMENT", "DATA_EXPORT");
        assertAccountManagementAllowed(session);
    }

    @Test
    void suspendedAndCancelledManageAccountOnly() {
        for (SubscriptionStatus status : List.of(SubscriptionStatus.SUSPENDED, SubscriptionStatus.CANCELLED)) {
            String session = signIn(status, Role.PHYSICIAN);

            HttpResponse<String> read = readData(session);

            assertThat(read.statusCode()).as(status + " read").isEqualTo(403);
            assertThat(body(read).get("error").get("message").asText()).isEqualTo(SubscriptionGate.ACCOUNT_ONLY);
            assertThat(writeData(session).statusCode()).as(status + " write").isEqualTo(403);
            assertThat(context(session).get("access_level").asText()).isEqualTo("ACCOUNT_ONLY");
            assertThat(texts(context(session).get("allowed_request_kinds")))
                    .containsExactly("ACCOUNT_MANAGEMENT", "DATA_EXPORT");
            assertAccountManagementAllowed(session);
        }
    }

    @Test
    void statusChangeAppliesToNextRequest() {
        TestUsers.TestUser user = iam.user().withMfa().create();
        String session = api.signIn(user);
        assertThat(writeData(session).statusCode()).isEqualTo(200);

        iam.core().lifecycle().subscriptions().setSubscription(user.email(), SubscriptionStatus.SUSPENDED);
        assertThat(writeData(session).statusCode()).isEqualTo(403);

        iam.core().lifecycle().subscriptions().setSubscription(user.email(), SubscriptionStatus.ACTIVE);
        assertThat(writeData(session).statusCode()).isEqualTo(200);
    }

    @Test
    void adminIsNeverGated() {
        String session = signIn(SubscriptionStatus.SUSPENDED, Role.ADMIN);

        assertThat(readData(session).statusCode()).isEqualTo(200);
        assertThat(writeData(session).statusCode()).isEqualTo(200);
    }

    /** Checks that every account route responds to a gated caller with its normal status, never 403. */
    private void assertAccountManagementAllowed(String session) {
        assertThat(api.get("/account", session).statusCode()).as("GET /account").isEqualTo(200);
        assertThat(api.get("/sessions", session).statusCode()).as("GET /sessions").isEqualTo(200);
        assertThat(api.send("PATCH", "/account", json(Map.of("full_name", "Dr. Gated")), session).statusCode())
                .as("PATCH /account").isEqualTo(204);
        assertThat(api.send("PUT", "/account/secondary-email", json(Map.of("secondary_email", "n@example.org")),
                session).statusCode()).as("PUT secondary email").isEqualTo(204);
        assertThat(api.post("/account/mfa/regenerate-codes", json(Map.of("totp_code", "000000")), session)
                .statusCode()).as("regenerate with a wrong code reaches the service").isEqualTo(422);
        assertThat(api.delete("/sessions", session).statusCode()).as("DELETE /sessions").isEqualTo(200);
    }

    private String signIn(SubscriptionStatus status, Role role) {
        return api.signIn(iam.user().subscription(status).role(role).withMfa().create());
    }

    private HttpResponse<String> readData(String session) {
        return server.send(ApiFixture.withCookie(server.request(DATA_PATH).GET(), session));
    }

    private HttpResponse<String> writeData(String session) {
        return server.send(ApiFixture.withCookie(server.request(DATA_PATH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")), session));
    }

    private JsonNode context(String session) {
        HttpResponse<String> context = api.get("/auth/context", session);
        assertThat(context.statusCode()).isEqualTo(200);
        return data(context);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
