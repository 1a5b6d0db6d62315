package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.ApiFixture.json;
import static org.billing.iam.server.api.DelegateApi.CLAIM_KEYS;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delegate routes under subscription gating. A gated physician must still be able to see and
 * end the access of their delegates, and a delegate must be able to leave the context of a
 * gated physician, because both only reduce access to the physician's data.
 */
class GatedDelegateAccessTest {

    private static final String EMAIL = "dana@example.org";

    private ApiFixture api;
    private DelegateApi delegates;

    @BeforeEach
    void start() {
        api = ApiFixture.start();
        delegates = new DelegateApi(api);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void gatedPhysicianRemovesDelegate() {
        for (SubscriptionStatus status : List.of(SubscriptionStatus.PAST_DUE, SubscriptionStatus.SUSPENDED,
                SubscriptionStatus.CANCELLED)) {
            TestUser physicianUser = api.iam.user().role(Role.PHYSICIAN).create();
            String physician = delegates.signIn(physicianUser);
            String email = status.name().toLowerCase() + "-" + EMAIL;
            DelegateApi.SignedInDelegate dana = delegates.newDelegate(physician, email, CLAIM_KEYS);
            UUID linkageId = delegates.linkageId(physician, email);
            UUID invitationId = delegates.invite(physician, "pending-" + email, CLAIM_KEYS);
            api.iam.core().lifecycle().subscriptions().setSubscription(physicianUser.email(), status);

            HttpResponse<String> listed = delegates.get("/delegates", physician);
            HttpResponse<String> invitations = delegates.get("/delegates/invitations", physician);
            HttpResponse<String> withdrawn = delegates.delete("/delegates/invitations/" + invitationId, physician);
            HttpResponse<String> removed = delegates.delete("/delegates/" + linkageId, physician);

            assertThat(listed.statusCode()).as(status + " list: " + listed.body()).isEqualTo(200);
            assertThat(invitations.statusCode()).as(status + " invitations: " + invitations.body()).isEqualTo(200);
            assertThat(withdrawn.statusCode()).as(status + " withdraw: " + withdrawn.body()).isEqualTo(204);
            assertThat(removed.statusCode()).as(status + " remove: " + removed.body()).isEqualTo(204);
            assertThat(delegates.get("/auth/context", dana.sessionToken()).statusCode()).as(status + " delegate")
                    .isEqualTo(401);
        }
    }

    @Test
    void gatedPhysicianCannotGrantAccess() {
        TestUser physicianUser = api.iam.user().role(Role.PHYSICIAN).create();
        String physician = delegates.signIn(physicianUser);
        delegates.newDelegate(physician, EMAIL, List.of("CLAIM_VIEW"));
        UUID linkageId = delegates.linkageId(physician, EMAIL);
        api.iam.core().lifecycle().subscriptions().setSubscription(physicianUser.email(), SubscriptionStatus.SUSPENDED);

        HttpResponse<String> invited = delegates.post("/delegates/invite",
                DelegateApi.inviteBody("new@example.org", CLAIM_KEYS), physician);
        HttpResponse<String> widened = delegates.patch("/delegates/" + linkageId + "/permissions",
                json(Map.of("permissions", CLAIM_KEYS)), physician);

        assertThat(invited.statusCode()).isEqualTo(403);
        assertThat(widened.statusCode()).isEqualTo(403);
    }

    @Test
    void delegateLeavesSuspendedPhysicianContext() {
        TestUser activeUser = api.iam.user().role(Role.PHYSICIAN).create();
        TestUser suspendedUser = api.iam.user().role(Role.PHYSICIAN).create();
        DelegateApi.SignedInDelegate dana = delegates.newDelegate(delegates.signIn(activeUser), EMAIL, CLAIM_KEYS);
        delegates.invite(delegates.signIn(suspendedUser), EMAIL, CLAIM_KEYS);
        HttpResponse<String> linked = delegates.accept(delegates.lastToken(EMAIL), null, null, dana.sessionToken());
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
        api.iam.core().lifecycle().subscriptions().setSubscription(suspendedUser.email(), SubscriptionStatus.SUSPENDED);
        HttpResponse<String> intoSuspended = switchTo(dana, suspendedUser);
        assertThat(intoSuspended.statusCode()).as(intoSuspended.body()).isEqualTo(200);

        HttpResponse<String> physicians = delegates.get("/delegates/physicians", dana.sessionToken());
        HttpResponse<String> back = switchTo(dana, activeUser);

        assertThat(physicians.statusCode()).as(physicians.body()).isEqualTo(200);
        assertThat(data(physicians)).hasSize(2);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(data(delegates.get("/auth/context", dana.sessionToken())).get("access_level").asText())
                .isEqualTo("FULL");
    }

    private HttpResponse<String> switchTo(DelegateApi.SignedInDelegate delegate, TestUser physician) {
        return delegates.post("/delegates/context",
                json(Map.of("physician_user_id", physician.userId().toString())), delegate.sessionToken());
    }
}
