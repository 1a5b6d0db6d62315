package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.INVITATION_TOKENS;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.server.api.ApiFixture.body;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.ApiFixture.json;
import static org.billing.iam.server.api.ApiFixture.sessionCookie;
import static org.billing.iam.server.api.DelegateApi.texts;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.billing.iam.core.mail.EmailMessage;
import org.billing.iam.core.testing.PlaintextScan;
import org.billing.iam.core.testing.RecordingMailer;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.server.http.RouteModule;
import org.billing.iam.server.http.TestServer;
import org.billing.iam.server.pages.TokenPages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The life of one delegate over real HTTP: invited by email, accepted through the link's
 * page, signed in with MFA, acting for two physicians, changed and removed by one of them.
 */
class DelegateFlowTest {

    private static final String DELEGATE_EMAIL = "dana@example.org";
    private static final Pattern ACCEPT_LINK =
            Pattern.compile(Pattern.quote(TestIam.PUBLIC_URL) + "(/delegates/accept\\?token=\\S+)");

    private ApiFixture api;
    private DelegateApi delegates;
    private TestServer pages;
    private PlaintextScan scan;

    @BeforeEach
    void start() {
        api = ApiFixture.start();
        scan = new PlaintextScan(api.iam);
        delegates = new DelegateApi(api);
        // The email-link pages with the API on one app, as the serve command builds them.
        pages = TestServer.start(Stream.concat(Stream.of(new TokenPages()), ApiRoutes.modules(api.iam.core()).stream())
                .toArray(RouteModule[]::new));
    }

    @AfterEach
    void stop() {
        scan.close();
        pages.close();
        api.close();
    }

    @Test
    void inviteAcceptActChangeRemove() {
        String first = api.signUp("first@example.org").sessionToken();
        String second = api.signUp("second@example.org").sessionToken();
        UUID firstId = userId(first);
        UUID secondId = userId(second);

        HttpResponse<String> invited = delegates.post("/delegates/invite",
                DelegateApi.inviteBody(DELEGATE_EMAIL, DelegateApi.CLAIM_KEYS), first);
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
        assertThat(data(invited).get("invitation_id").asText()).isNotBlank();
        assertThat(OffsetDateTime.parse(data(invited).get("expires_at").asText()).toInstant())
                .isEqualTo(api.iam.clock().instant().plus(Duration.ofHours(72)));
        assertThat(data(invited).size()).isEqualTo(2);
        assertThat(delegates.audits("delegate.invited")).isEqualTo(1);

        JsonNode pending = data(delegates.get("/delegates/invitations", first));
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).get("email").asText()).isEqualTo(DELEGATE_EMAIL);
        assertThat(texts(pending.get(0).get("permissions"))).containsExactly("CLAIM_VIEW", "CLAIM_EDIT");
        assertThat(pending.get(0).get("expired").asBoolean()).isFalse();

        EmailMessage email = api.iam.mailer().sentTo(DELEGATE_EMAIL).getLast();
        String firstToken = RecordingMailer.linkToken(email);
        Matcher link = ACCEPT_LINK.matcher(email.textBody());
        assertThat(link.find()).as(email.textBody()).isTrue();
        HttpResponse<String> page = pages.get(link.group(1));
        HttpResponse<String> head = pages.send(pages.request(link.group(1))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(head.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.body()).doesNotContain(firstToken);
        assertThat(api.iam.db().fetchValue(INVITATION_TOKENS.ACCEPTED)).isFalse();
        assertThat(data(delegates.get("/delegates/invitations", first))).hasSize(1);

        int registeredBefore = delegates.audits("auth.registered");
        int mfaSetupBefore = delegates.audits("auth.mfa_setup");
        DelegateApi.SignedInDelegate dana = delegates.acceptAsNewAccount(firstToken, DELEGATE_EMAIL);
        assertThat(delegates.audits("auth.registered")).isEqualTo(registeredBefore + 1);
        assertThat(delegates.audits("delegate.accepted")).isEqualTo(1);
        assertThat(delegates.audits("auth.mfa_setup")).isEqualTo(mfaSetupBefore + 1);
        assertThat(data(delegates.get("/delegates/invitations", first))).isEmpty();
        JsonNode unchosen = data(delegates.get("/auth/context", dana.sessionToken()));
        assertThat(unchosen.get("role").asText()).isEqualTo("DELEGATE");
        assertThat(unchosen.get("acting_for_physician_id").isNull()).isTrue();
        assertThat(unchosen.get("permissions")).isEmpty();

        delegates.invite(second, DELEGATE_EMAIL, List.of("PATIENT_VIEW"));
        HttpResponse<String> linked = delegates.accept(delegates.lastToken(DELEGATE_EMAIL), null, null,
                dana.sessionToken());
        assertThat(linked.statusCode()).as(linked.body()).isEqualTo(200);
        assertThat(data(linked).get("account_created").asBoolean()).isFalse();
        assertThat(data(linked).has("mfa_session_token")).isFalse();
        assertThat(data(linked).get("physician_user_id").asText()).isEqualTo(secondId.toString());

        JsonNode served = data(delegates.get("/delegates/physicians", dana.sessionToken()));
        assertThat(served).hasSize(2);
        assertThat(served).allSatisfy(entry -> assertThat(entry.get("current").asBoolean()).isFalse());

        HttpResponse<String> switched = delegates.post("/delegates/context",
                json(Map.of("physician_user_id", firstId.toString())), dana.sessionToken());
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        assertThat(data(switched).get("current").asBoolean()).isTrue();
        assertThat(delegates.audits("delegate.context_switched")).isEqualTo(1);
        UUID firstLinkage = delegates.linkageId(first, DELEGATE_EMAIL);
        JsonNode acting = data(delegates.get("/auth/context", dana.sessionToken()));
        assertThat(acting.get("user_id").asText()).isEqualTo(dana.userId().toString());
        assertThat(acting.get("acting_for_physician_id").asText()).isEqualTo(firstId.toString());
        assertThat(acting.get("linkage_id").asText()).isEqualTo(firstLinkage.toString());
        assertThat(texts(acting.get("permissions"))).containsExactly("CLAIM_VIEW", "CLAIM_EDIT");

        JsonNode listed = data(delegates.get("/delegates", first)).get(0);
        assertThat(listed.get("full_name").asText()).isEqualTo("Dana Delegate");
        assertThat(listed.get("email").asText()).isEqualTo(DELEGATE_EMAIL);
        assertThat(texts(listed.get("permissions"))).containsExactly("CLAIM_VIEW", "CLAIM_EDIT");
        assertThat(listed.get("can_approve_batches").asBoolean()).isFalse();
        assertThat(listed.get("last_sign_in_at").isTextual()).isTrue();
        assertThat(listed.get("status").asText()).isEqualTo("active");

        HttpResponse<String> changed = delegates.patch("/delegates/" + firstLinkage + "/permissions",
                json(Map.of("permissions", List.of("BATCH_APPROVE", "BATCH_VIEW"), "can_approve_batches", true)), first);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
        assertThat(delegates.audits("delegate.permissions_updated")).isEqualTo(1);
        JsonNode afterChange = data(delegates.get("/auth/context", dana.sessionToken()));
        assertThat(texts(afterChange.get("permissions"))).containsExactly("BATCH_VIEW", "BATCH_APPROVE");
        assertThat(afterChange.get("linkage_id").asText()).isEqualTo(firstLinkage.toString());
        assertThat(data(delegates.get("/delegates", first)).get(0).get("can_approve_batches").asBoolean()).isTrue();

        HttpResponse<String> removed = delegates.delete("/delegates/" + firstLinkage, first);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
        assertThat(delegates.audits("delegate.revoked")).isEqualTo(1);
        HttpResponse<String> signedOut = delegates.get("/auth/context", dana.sessionToken());
        assertThat(signedOut.statusCode()).isEqualTo(401);
        assertThat(body(signedOut).get("error").get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(api.iam.db().select(SESSIONS.REVOKED_REASON).from(SESSIONS)
                .where(SESSIONS.USER_ID.eq(dana.userId())).fetch(SESSIONS.REVOKED_REASON))
                .containsOnly("revoked_remote");
        assertThat(data(delegates.get("/delegates", first)).get(0).get("status").asText()).isEqualTo("removed");

        String again = signInAgain(dana);
        JsonNode remaining = data(delegates.get("/delegates/physicians", again));
        assertThat(remaining).hasSize(1);
        assertThat(remaining.get(0).get("physician_user_id").asText()).isEqualTo(secondId.toString());
        assertThat(texts(remaining.get(0).get("permissions"))).containsExactly("PATIENT_VIEW");
        HttpResponse<String> refused = delegates.post("/delegates/context",
                json(Map.of("physician_user_id", firstId.toString())), again);
        assertThat(refused.statusCode()).isEqualTo(403);
        HttpResponse<String> toSecond = delegates.post("/delegates/context",
                json(Map.of("physician_user_id", secondId.toString())), again);
        assertThat(toSecond.statusCode()).isEqualTo(200);
        assertThat(data(delegates.get("/auth/context", again)).get("acting_for_physician_id").asText())
                .isEqualTo(secondId.toString());

        List<String> tokens = new ArrayList<>();
        api.iam.mailer().sentTo(DELEGATE_EMAIL).forEach(message -> tokens.add(RecordingMailer.linkToken(message)));
        assertThat(tokens).hasSize(2);
        for (HttpResponse<String> response : delegates.responses()) {
            for (String token : tokens) {
                assertThat(response.body()).doesNotContain(token);
                assertThat(response.headers().map().toString()).doesNotContain(token);
            }
        }
        String tables = scan.tables();
        String logText = scan.logText();
        assertThat(logText).contains("POST /api/v1/delegates/accept 200");
        for (String secret : List.of(tokens.get(0), tokens.get(1), DelegateApi.DELEGATE_PASSWORD)) {
            assertThat(tables).as("tables").doesNotContain(secret);
            assertThat(logText).as("logs").doesNotContain(secret);
        }
    }

    /** Signs the delegate in with password and TOTP, and returns the new session token. */
    private String signInAgain(DelegateApi.SignedInDelegate delegate) {
        HttpResponse<String> password = delegates.post("/auth/login",
                json(Map.of("email", delegate.email(), "password", DelegateApi.DELEGATE_PASSWORD)), null);
        assertThat(password.statusCode()).as(password.body()).isEqualTo(200);
        HttpResponse<String> totp = delegates.post("/auth/login/mfa", json(Map.of(
                "mfa_session_token", data(password).get("mfa_session_token").asText(),
                "totp_code", api.totp(delegate.totpSecret()))), null);
        assertThat(totp.statusCode()).as(totp.body()).isEqualTo(200);
        return sessionCookie(totp);
    }

    private UUID userId(String sessionToken) {
        return UUID.fromString(data(delegates.get("/auth/context", sessionToken)).get("user_id").asText());
    }
}
