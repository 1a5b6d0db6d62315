package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.DELEGATE_LINKAGES;
import static org.billing.iam.schema.jooq.Tables.USERS;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.DelegateApi.CLAIM_KEYS;
import static org.billing.iam.server.api.DelegateApi.DELEGATE_PASSWORD;
import static org.billing.iam.server.api.DelegateApi.errorCode;
import static org.billing.iam.server.api.DelegateApi.errorMessage;
import static org.billing.iam.server.api.DelegateApi.texts;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.billing.iam.core.auth.LoginService;
import org.billing.iam.core.delegate.AcceptanceService;
import org.billing.iam.core.delegate.InvitationService;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.testing.Concurrent;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/delegates/accept} and the invitation states it reports. */
class DelegateAcceptTest {

    private static final String EMAIL = "dana@example.org";
    /** Number of concurrent accepts of one token. The fixture's pool of 24 connections serves them all at once. */
    private static final int RACERS = 20;

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

    @Test
    void racingAcceptsCreateOneLinkage() throws Exception {
        delegates.invite(physician, EMAIL, CLAIM_KEYS);
        String token = delegates.lastToken(EMAIL);

        List<HttpResponse<String>> responses = Concurrent.run(RACERS,
                () -> delegates.accept(token, "Dana Delegate", DELEGATE_PASSWORD, null));

        List<HttpResponse<String>> accepted = responses.stream().filter(r -> r.statusCode() == 200).toList();
        List<HttpResponse<String>> rejected = responses.stream().filter(r -> r.statusCode() != 200).toList();
        assertThat(accepted).hasSize(1);
        assertThat(rejected).hasSize(RACERS - 1);
        assertThat(rejected).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(422));
        assertThat(rejected).allSatisfy(response -> assertThat(errorMessage(response))
                .isEqualTo(AcceptanceService.ALREADY_ACCEPTED));
        assertThat(api.iam.db().fetchCount(DELEGATE_LINKAGES)).isEqualTo(1);
        assertThat(api.iam.db().fetchCount(USERS, USERS.EMAIL.eq(EMAIL))).isEqualTo(1);
        assertThat(delegates.audits("delegate.accepted")).isEqualTo(1);
    }

    @Test
    void failedAcceptsGetDistinctMessages() {
        Map<String, HttpResponse<String>> failures = new LinkedHashMap<>();

        failures.put("invalid", delegates.accept("not-a-token", null, null, null));
        failures.put("unknown", delegates.accept(UUID.randomUUID().toString(), null, null, null));

        UUID withdrawn = delegates.invite(physician, "withdrawn@example.org", CLAIM_KEYS);
        String withdrawnToken = delegates.lastToken("withdrawn@example.org");
        assertThat(delegates.delete("/delegates/invitations/" + withdrawn, physician).statusCode()).isEqualTo(204);
        assertThat(delegates.audits("delegate.revoked")).isEqualTo(1);
        failures.put("withdrawn", delegates.accept(withdrawnToken, "W", DELEGATE_PASSWORD, null));

        delegates.invite(physician, "used@example.org", CLAIM_KEYS);
        String usedToken = delegates.lastToken("used@example.org");
        assertThat(delegates.accept(usedToken, "U", DELEGATE_PASSWORD, null).statusCode()).isEqualTo(200);
        failures.put("used", delegates.accept(usedToken, "U", DELEGATE_PASSWORD, null));

        UUID resent = delegates.invite(physician, "resent@example.org", CLAIM_KEYS);
        String replacedToken = delegates.lastToken("resent@example.org");
        assertThat(delegates.post("/delegates/invitations/" + resent + "/resend", "", physician).statusCode())
                .isEqualTo(200);
        failures.put("replaced", delegates.accept(replacedToken, "R", DELEGATE_PASSWORD, null));

        delegates.invite(physician, "late@example.org", CLAIM_KEYS);
        String lateToken = delegates.lastToken("late@example.org");
        api.iam.clock().advance(InvitationService.LIFETIME.plusSeconds(1));
        failures.put("expired", delegates.accept(lateToken, "L", DELEGATE_PASSWORD, null));

        failures.forEach((name, response) -> {
            assertThat(response.statusCode()).as(name).isEqualTo(422);
            assertThat(errorCode(response)).as(name).isEqualTo("BUSINESS_RULE_VIOLATION");
        });
        assertThat(errorMessage(failures.get("invalid"))).isEqualTo(AcceptanceService.INVALID);
        assertThat(errorMessage(failures.get("unknown"))).isEqualTo(AcceptanceService.INVALID);
        assertThat(errorMessage(failures.get("withdrawn"))).isEqualTo(AcceptanceService.WITHDRAWN);
        assertThat(errorMessage(failures.get("used"))).isEqualTo(AcceptanceService.ALREADY_ACCEPTED);
        assertThat(errorMessage(failures.get("replaced"))).isEqualTo(AcceptanceService.REPLACED);
        assertThat(errorMessage(failures.get("expired"))).isEqualTo(AcceptanceService.EXPIRED);
        assertThat(failures.values().stream().map(DelegateApi::errorMessage).distinct()).hasSize(5);
    }

    @Test
    void resendReplacesOldLink() {
        UUID invitationId = delegates.invite(physician, EMAIL, CLAIM_KEYS);
        String oldToken = delegates.lastToken(EMAIL);
        api.iam.clock().advance(Duration.ofHours(71));
        String laterSession = delegates.signIn(physicianUser);

        HttpResponse<String> resent = delegates.post("/delegates/invitations/" + invitationId + "/resend", "",
                laterSession);

        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
        assertThat(data(resent).get("invitation_id").asText()).isEqualTo(invitationId.toString());
        assertThat(data(resent).size()).isEqualTo(2);
        assertThat(delegates.audits("delegate.invited")).isEqualTo(2);
        String newToken = delegates.lastToken(EMAIL);
        assertThat(newToken).isNotEqualTo(oldToken);
        assertThat(errorMessage(delegates.accept(oldToken, "Dana", DELEGATE_PASSWORD, null)))
                .isEqualTo(AcceptanceService.REPLACED);
        api.iam.clock().advance(Duration.ofHours(2));
        assertThat(delegates.accept(newToken, "Dana", DELEGATE_PASSWORD, null).statusCode()).isEqualTo(200);
    }

    @Test
    void reinviteReplacesPendingInvitation() {
        UUID first = delegates.invite(physician, EMAIL, CLAIM_KEYS);
        String oldToken = delegates.lastToken(EMAIL);

        UUID second = delegates.invite(physician, EMAIL, List.of("PATIENT_VIEW"));

        assertThat(second).isEqualTo(first);
        var pending = data(delegates.get("/delegates/invitations", physician));
        assertThat(pending).hasSize(1);
        assertThat(texts(pending.get(0).get("permissions"))).containsExactly("PATIENT_VIEW");
        assertThat(errorMessage(delegates.accept(oldToken, "Dana", DELEGATE_PASSWORD, null)))
                .isEqualTo(AcceptanceService.REPLACED);
        assertThat(delegates.accept(delegates.lastToken(EMAIL), "Dana", DELEGATE_PASSWORD, null).statusCode())
                .isEqualTo(200);
        assertThat(texts(data(delegates.get("/delegates", physician)).get(0).get("permissions")))
                .containsExactly("PATIENT_VIEW");
    }

    @Test
    void inviteOfActiveDelegateRejected() {
        delegates.newDelegate(physician, EMAIL, CLAIM_KEYS);

        HttpResponse<String> again = delegates.post("/delegates/invite",
                DelegateApi.inviteBody(EMAIL, List.of("PATIENT_VIEW")), physician);

        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(errorMessage(again)).isEqualTo(InvitationService.ALREADY_DELEGATE);
        assertThat(delegates.audits("delegate.invited")).isEqualTo(1);
    }

    @Test
    void existingDelegateLinksOnlyWithProof() {
        DelegateApi.SignedInDelegate dana = delegates.newDelegate(physician, EMAIL, CLAIM_KEYS);
        String other = delegates.signedIn(Role.PHYSICIAN);
        delegates.invite(other, EMAIL, List.of("PATIENT_VIEW"));
        String token = delegates.lastToken(EMAIL);
        List<HttpResponse<String>> rejected = new ArrayList<>();

        rejected.add(delegates.accept(token, null, null, null));
        rejected.add(delegates.accept(token, "Someone Else", null, null));
        rejected.add(delegates.accept(token, null, null, other));
        rejected.add(delegates.accept(token, null, "Wrong-Passw0rd!", null));

        assertThat(rejected).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(422));
        assertThat(errorMessage(rejected.get(0))).isEqualTo(AcceptanceService.OWNERSHIP_REQUIRED);
        assertThat(errorMessage(rejected.get(1))).isEqualTo(AcceptanceService.OWNERSHIP_REQUIRED);
        assertThat(errorMessage(rejected.get(2))).isEqualTo(AcceptanceService.OWNERSHIP_REQUIRED);
        assertThat(errorMessage(rejected.get(3))).isEqualTo(LoginService.INVALID_CREDENTIALS);
        assertThat(api.iam.db().fetchCount(DELEGATE_LINKAGES)).isEqualTo(1);

        HttpResponse<String> linked = delegates.accept(token, null, DELEGATE_PASSWORD, null);

        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
        assertThat(data(linked).get("account_created").asBoolean()).isFalse();
        assertThat(data(linked).has("mfa_session_token")).isFalse();
        assertThat(api.iam.db().fetchCount(DELEGATE_LINKAGES,
                DELEGATE_LINKAGES.DELEGATE_USER_ID.eq(dana.userId()))).isEqualTo(2);
        assertThat(api.iam.db().fetchCount(USERS, USERS.EMAIL.eq(EMAIL))).isEqualTo(1);
    }

    @Test
    void nonDelegateEmailRejected() {
        TestUser otherPhysician = api.iam.user().role(Role.PHYSICIAN).create();
        delegates.invite(physician, otherPhysician.email(), CLAIM_KEYS);
        String token = delegates.lastToken(otherPhysician.email());

        HttpResponse<String> withoutProof = delegates.accept(token, "X", DELEGATE_PASSWORD, null);
        HttpResponse<String> signedInAsIt = delegates.accept(token, null, null, delegates.signIn(otherPhysician));

        for (HttpResponse<String> response : List.of(withoutProof, signedInAsIt)) {
            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(errorMessage(response)).isEqualTo(AcceptanceService.NOT_A_DELEGATE_ACCOUNT);
        }
        assertThat(api.iam.db().fetchCount(DELEGATE_LINKAGES)).isZero();
        assertThat(api.iam.db().fetchValue(USERS.ROLE, USERS.EMAIL.eq(otherPhysician.email()))).isEqualTo("PHYSICIAN");
    }

    @Test
    void newAccountNeedsNameAndStrongPassword() {
        delegates.invite(physician, EMAIL, CLAIM_KEYS);
        String token = delegates.lastToken(EMAIL);

        HttpResponse<String> withoutName = delegates.accept(token, null, DELEGATE_PASSWORD, null);
        HttpResponse<String> weakPassword = delegates.accept(token, "Dana", "short", null);

        assertThat(withoutName.statusCode()).isEqualTo(400);
        assertThat(errorCode(withoutName)).isEqualTo("VALIDATION_ERROR");
        assertThat(weakPassword.statusCode()).isEqualTo(400);
        assertThat(errorCode(weakPassword)).isEqualTo("VALIDATION_ERROR");
        assertThat(delegates.accept(token, "Dana", DELEGATE_PASSWORD, null).statusCode()).isEqualTo(200);
    }
}
