package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.DELEGATE_LINKAGES;
import static org.billing.iam.schema.jooq.Tables.INVITATION_TOKENS;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.ApiFixture.json;
import static org.billing.iam.server.api.DelegateApi.CLAIM_KEYS;
import static org.billing.iam.server.api.DelegateApi.errorCode;
import static org.billing.iam.server.api.DelegateApi.errorMessage;
import static org.billing.iam.server.api.DelegateApi.texts;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.billing.iam.core.delegate.ActingContextService;
import org.billing.iam.core.delegate.PhysicianScope;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may call which delegate route, and what ids and permission keys they may use. */
class DelegateAccessTest {

    private static final String EMAIL = "dana@example.org";

    private ApiFixture api;
    private DelegateApi delegates;
    private TestUser physicianUser;
    private String physician;

    @BeforeEach
    void start() {
        api = ApiFixture.start();
        delegates = new DelegateApi(api);
        physicianUser = api.iam.user().role(Role.PHYSICIAN).create();
        physician = delegates.signIn(physicianUser);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Sends one management request of each route as the caller, with valid ids and bodies. */
    private List<HttpResponse<String>> managementRequests(String caller, UUID invitationId, UUID linkageId) {
        String permissions = json(Map.of("permissions", CLAIM_KEYS));
        return List.of(
                delegates.post("/delegates/invite", DelegateApi.inviteBody("x@example.org", CLAIM_KEYS), caller),
                delegates.get("/delegates/invitations", caller),
                delegates.delete("/delegates/invitations/" + invitationId, caller),
                delegates.post("/delegates/invitations/" + invitationId + "/resend", "", caller),
                delegates.get("/delegates", caller),
                delegates.patch("/delegates/" + linkageId + "/permissions", permissions, caller),
                delegates.delete("/delegates/" + linkageId, caller));
    }

    @Test
    void onlyPhysicianOrAdminManages() {
        DelegateApi.SignedInDelegate dana = delegates.newDelegate(physician, EMAIL, CLAIM_KEYS);
        UUID invitationId = delegates.invite(physician, "pending@example.org", CLAIM_KEYS);
        UUID linkageId = delegates.linkageId(physician, EMAIL);
        String practiceAdmin = delegates.signedIn(Role.PRACTICE_ADMIN);
        int invitedBefore = delegates.audits("delegate.invited");

        for (String caller : List.of(dana.sessionToken(), practiceAdmin)) {
            for (HttpResponse<String> response : managementRequests(caller, invitationId, linkageId)) {
                assertThat(response.statusCode()).as(response.request().method() + " " + response.uri())
                        .isEqualTo(403);
                assertThat(errorCode(response)).isEqualTo("FORBIDDEN");
                assertThat(errorMessage(response)).isEqualTo(PhysicianScope.NOT_ALLOWED);
            }
        }
        for (HttpResponse<String> response : managementRequests(null, invitationId, linkageId)) {
            assertThat(response.statusCode()).as(response.request().method() + " " + response.uri())
                    .isEqualTo(401);
        }
        assertThat(delegates.audits("delegate.invited")).isEqualTo(invitedBefore);
        assertThat(api.iam.db().fetchValue(DELEGATE_LINKAGES.IS_ACTIVE)).isTrue();
        assertThat(data(delegates.get("/delegates/invitations", physician))).hasSize(1);
    }

    @Test
    void suspendedPhysicianCanStillTakeAccessAway() {
        delegates.newDelegate(physician, EMAIL, CLAIM_KEYS);
        UUID invitationId = delegates.invite(physician, "pending@example.org", CLAIM_KEYS);
        UUID linkageId = delegates.linkageId(physician, EMAIL);
        api.iam.core().lifecycle().subscriptions().setSubscription(physicianUser.email(), SubscriptionStatus.SUSPENDED);

        HttpResponse<String> invite = delegates.post("/delegates/invite",
                DelegateApi.inviteBody("x@example.org", CLAIM_KEYS), physician);
        HttpResponse<String> withdraw = delegates.delete("/delegates/invitations/" + invitationId, physician);
        HttpResponse<String> remove = delegates.delete("/delegates/" + linkageId, physician);

        assertThat(invite.statusCode()).isEqualTo(403);
        assertThat(withdraw.statusCode()).isEqualTo(204);
        assertThat(remove.statusCode()).isEqualTo(204);
        assertThat(api.iam.db().fetchValue(DELEGATE_LINKAGES.IS_ACTIVE)).isFalse();
    }

    @Test
    void onlyDelegateSwitchesContext() {
        String body = json(Map.of("physician_user_id", physicianUser.userId().toString()));
        for (Role role : List.of(Role.PHYSICIAN, Role.ADMIN, Role.PRACTICE_ADMIN)) {
            String caller = delegates.signedIn(role);

            HttpResponse<String> physicians = delegates.get("/delegates/physicians", caller);
            HttpResponse<String> switched = delegates.post("/delegates/context", body, caller);
            HttpResponse<String> malformed = delegates.post("/delegates/context", "{", caller);

            for (HttpResponse<String> response : List.of(physicians, switched, malformed)) {
                assertThat(response.statusCode()).as(role + " " + response.uri()).isEqualTo(403);
                assertThat(errorMessage(response)).isEqualTo(ActingContextService.DELEGATES_ONLY);
            }
        }
        assertThat(delegates.get("/delegates/physicians", null).statusCode()).isEqualTo(401);
        assertThat(delegates.post("/delegates/context", body, null).statusCode()).isEqualTo(401);
    }

    @Test
    void otherPhysiciansIdsLookUnknown() {
        delegates.newDelegate(physician, EMAIL, CLAIM_KEYS);
        UUID invitationId = delegates.invite(physician, "pending@example.org", CLAIM_KEYS);
        UUID linkageId = delegates.linkageId(physician, EMAIL);
        String other = delegates.signedIn(Role.PHYSICIAN);
        UUID unknown = UUID.randomUUID();

        List<HttpResponse<String>> foreign = managementRequests(other, invitationId, linkageId).subList(2, 7);
        List<HttpResponse<String>> unknowns = managementRequests(other, unknown, unknown).subList(2, 7);

        for (int i = 0; i < foreign.size(); i++) {
            HttpResponse<String> response = foreign.get(i);
            assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(unknowns.get(i).statusCode());
            assertThat(response.body()).as(response.uri().toString()).isEqualTo(unknowns.get(i).body());
        }
        assertThat(foreign.get(0).statusCode()).isEqualTo(422);
        assertThat(foreign.get(1).statusCode()).isEqualTo(422);
        assertThat(data(foreign.get(2))).isEmpty();
        assertThat(foreign.get(3).statusCode()).isEqualTo(422);
        assertThat(foreign.get(4).statusCode()).isEqualTo(422);
        assertThat(api.iam.db().fetchValue(DELEGATE_LINKAGES.IS_ACTIVE)).isTrue();
        assertThat(data(delegates.get("/delegates/invitations", physician))).hasSize(1);
        assertThat(delegates.audits("delegate.revoked")).isZero();
        assertThat(delegates.audits("delegate.permissions_updated")).isZero();
    }

    @Test
    void physicianCannotNameAnotherPhysician() {
        TestUser other = api.iam.user().role(Role.PHYSICIAN).create();
        delegates.invite(delegates.signIn(other), EMAIL, CLAIM_KEYS);
        String query = "?physician_user_id=" + other.userId();

        HttpResponse<String> listed = delegates.get("/delegates/invitations" + query, physician);
        HttpResponse<String> ownId = delegates.get("/delegates/invitations?physician_user_id="
                + physicianUser.userId(), physician);

        assertThat(listed.statusCode()).isEqualTo(403);
        assertThat(errorMessage(listed)).isEqualTo(PhysicianScope.NOT_ALLOWED);
        assertThat(ownId.statusCode()).isEqualTo(200);
        assertThat(data(ownId)).isEmpty();
    }

    @Test
    void adminManagesNamedPhysician() {
        String admin = delegates.signedIn(Role.ADMIN);
        String query = "?physician_user_id=" + physicianUser.userId();

        HttpResponse<String> unnamed = delegates.get("/delegates", admin);
        HttpResponse<String> invited = delegates.post("/delegates/invite" + query,
                DelegateApi.inviteBody(EMAIL, CLAIM_KEYS), admin);

        assertThat(unnamed.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.body(unnamed).get("error").get("detail").get("field").asText())
                .isEqualTo("physician_user_id");
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
        assertThat(api.iam.db().fetchValue(INVITATION_TOKENS.PHYSICIAN_USER_ID)).isEqualTo(physicianUser.userId());
        assertThat(data(delegates.get("/delegates/invitations" + query, admin))).hasSize(1);

        delegates.acceptAsNewAccount(delegates.lastToken(EMAIL), EMAIL);
        UUID linkageId = delegates.linkageId(physician, EMAIL);
        HttpResponse<String> changed = delegates.patch("/delegates/" + linkageId + "/permissions" + query,
                json(Map.of("permissions", List.of("REPORT_VIEW"))), admin);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        JsonNode listed = data(delegates.get("/delegates" + query, admin));
        assertThat(texts(listed.get(0).get("permissions"))).containsExactly("REPORT_VIEW");
        assertThat(delegates.delete("/delegates/" + linkageId + query, admin).statusCode()).isEqualTo(204);
        assertThat(data(delegates.get("/delegates", physician)).get(0).get("status").asText()).isEqualTo("removed");
        assertThat(api.iam.db().fetchCount(AUDIT_LOG,
                AUDIT_LOG.ACTION.eq("delegate.revoked").and(AUDIT_LOG.USER_ID.eq(adminId(admin))))).isEqualTo(1);
    }

    @Test
    void permissionKeysValidatedByName() {
        Function<List<String>, HttpResponse<String>> invite = keys ->
                delegates.post("/delegates/invite", DelegateApi.inviteBody(EMAIL, keys), physician);

        HttpResponse<String> unknown = invite.apply(List.of("PATIENT_VIEW", "CLAIM_FLY", "TIME_TRAVEL"));
        HttpResponse<String> forbidden = invite.apply(List.of("CLAIM_VIEW", "DELEGATE_MANAGE", "DATA_EXPORT",
                "AUDIT_VIEW", "SUBSCRIPTION_MANAGE"));
        HttpResponse<String> notPhysicians = invite.apply(List.of("ADMIN_PHI_ACCESS", "PRACTICE_SEAT_VIEW"));
        HttpResponse<String> empty = invite.apply(List.of());
        HttpResponse<String> contradicting = delegates.post("/delegates/invite",
                json(Map.of("email", EMAIL, "permissions", CLAIM_KEYS, "can_approve_batches", true)), physician);

        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(errorMessage(unknown)).contains("CLAIM_FLY").contains("TIME_TRAVEL").doesNotContain("PATIENT_VIEW");
        assertThat(forbidden.statusCode()).isEqualTo(422);
        assertThat(errorMessage(forbidden)).contains("DELEGATE_MANAGE", "DATA_EXPORT", "AUDIT_VIEW",
                "SUBSCRIPTION_MANAGE").doesNotContain("CLAIM_VIEW");
        assertThat(notPhysicians.statusCode()).isEqualTo(422);
        assertThat(errorMessage(notPhysicians)).contains("ADMIN_PHI_ACCESS", "PRACTICE_SEAT_VIEW");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.body(empty).get("error").get("detail").get("field").asText()).isEqualTo("permissions");
        assertThat(contradicting.statusCode()).isEqualTo(400);
        assertThat(ApiFixture.body(contradicting).get("error").get("detail").get("field").asText())
                .isEqualTo("can_approve_batches");
        assertThat(api.iam.db().fetchCount(INVITATION_TOKENS)).isZero();
        assertThat(api.iam.mailer().sent()).isEmpty();
    }

    @Test
    void permissionChangeValidatedByName() {
        delegates.newDelegate(physician, EMAIL, CLAIM_KEYS);
        UUID linkageId = delegates.linkageId(physician, EMAIL);
        String path = "/delegates/" + linkageId + "/permissions";

        HttpResponse<String> forbidden = delegates.patch(path, json(Map.of("permissions",
                List.of("CLAIM_VIEW", "DATA_EXPORT"))), physician);
        HttpResponse<String> unknown = delegates.patch(path, json(Map.of("permissions", List.of("NOPE"))), physician);
        HttpResponse<String> empty = delegates.patch(path, json(Map.of("permissions", List.of())), physician);

        assertThat(forbidden.statusCode()).isEqualTo(422);
        assertThat(errorMessage(forbidden)).contains("DATA_EXPORT");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(errorMessage(unknown)).contains("NOPE");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(texts(data(delegates.get("/delegates", physician)).get(0).get("permissions")))
                .containsExactly("CLAIM_VIEW", "CLAIM_EDIT");
        assertThat(delegates.audits("delegate.permissions_updated")).isZero();
    }

    @Test
    void contextNeedsActiveLinkage() {
        DelegateApi.SignedInDelegate dana = delegates.newDelegate(physician, EMAIL, CLAIM_KEYS);
        TestUser stranger = api.iam.user().role(Role.PHYSICIAN).create();

        HttpResponse<String> notServed = delegates.post("/delegates/context",
                json(Map.of("physician_user_id", stranger.userId().toString())), dana.sessionToken());
        HttpResponse<String> unknown = delegates.post("/delegates/context",
                json(Map.of("physician_user_id", UUID.randomUUID().toString())), dana.sessionToken());

        assertThat(notServed.statusCode()).isEqualTo(403);
        assertThat(errorMessage(notServed)).isEqualTo(ActingContextService.NOT_SERVED);
        assertThat(unknown.body()).isEqualTo(notServed.body());
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(delegates.audits("delegate.context_switched")).isZero();
        assertThat(data(delegates.get("/auth/context", dana.sessionToken())).get("acting_for_physician_id").isNull())
                .isTrue();
    }

    @Test
    void deactivatedLinkageStopsNextRequest() {
        DelegateApi.SignedInDelegate dana = delegates.newDelegate(physician, EMAIL, CLAIM_KEYS);
        delegates.post("/delegates/context", json(Map.of("physician_user_id", physicianUser.userId().toString())),
                dana.sessionToken());
        assertThat(data(delegates.get("/auth/context", dana.sessionToken())).get("permissions")).hasSize(2);

        // Another writer deactivates the linkage without revoking sessions.
        api.iam.db().update(DELEGATE_LINKAGES).set(DELEGATE_LINKAGES.IS_ACTIVE, false).execute();

        JsonNode context = data(delegates.get("/auth/context", dana.sessionToken()));
        assertThat(context.get("acting_for_physician_id").isNull()).isTrue();
        assertThat(context.get("linkage_id").isNull()).isTrue();
        assertThat(context.get("permissions")).isEmpty();
        assertThat(data(delegates.get("/delegates/physicians", dana.sessionToken()))).isEmpty();
    }

    private UUID adminId(String adminSession) {
        return UUID.fromString(data(delegates.get("/auth/context", adminSession)).get("user_id").asText());
    }
}
