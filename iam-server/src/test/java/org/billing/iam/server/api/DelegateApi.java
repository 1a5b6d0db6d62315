package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.server.api.ApiFixture.body;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.ApiFixture.json;
import static org.billing.iam.server.api.ApiFixture.sessionCookie;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.testing.RecordingMailer;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;

/**
 * Delegate requests over HTTP on an {@link ApiFixture}. Every response passes through here
 * and is kept, so a test can check that no invitation token ever appears in one.
 */
final class DelegateApi {

    static final String DELEGATE_PASSWORD = "Delegate-Passw0rd!";
    static final List<String> CLAIM_KEYS = List.of("CLAIM_VIEW", "CLAIM_EDIT");

    final ApiFixture api;
    private final List<HttpResponse<String>> responses = new CopyOnWriteArrayList<>();

    DelegateApi(ApiFixture api) {
        this.api = api;
    }

    /** A delegate account that finished MFA setup, with its session token and TOTP secret. */
    record SignedInDelegate(UUID userId, String email, String sessionToken, String totpSecret) {
    }

    HttpResponse<String> post(String path, String json, String sessionToken) {
        return kept(api.post(path, json, sessionToken));
    }

    HttpResponse<String> get(String path, String sessionToken) {
        return kept(api.get(path, sessionToken));
    }

    HttpResponse<String> delete(String path, String sessionToken) {
        return kept(api.delete(path, sessionToken));
    }

    HttpResponse<String> patch(String path, String json, String sessionToken) {
        HttpRequest.Builder request = api.server.request(ApiRoutes.PREFIX + path)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json));
        return kept(api.server.send(ApiFixture.withCookie(request, sessionToken)));
    }

    /** Returns every response received through this helper, in order. */
    List<HttpResponse<String>> responses() {
        return List.copyOf(responses);
    }

    /** Stores a user with the role and returns a session token for it, skipping sign-in. */
    String signedIn(Role role) {
        return signIn(api.iam.user().role(role).create());
    }

    String signIn(TestUser user) {
        return api.iam.core().sessions().create(user.userId(), TestIam.REQUEST).token();
    }

    /** Invites {@code email}, expects 201, and returns the invitation id. */
    UUID invite(String physicianSession, String email, List<String> keys) {
        HttpResponse<String> response = post("/delegates/invite", inviteBody(email, keys), physicianSession);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return UUID.fromString(data(response).get("invitation_id").asText());
    }

    static String inviteBody(String email, List<String> keys) {
        return json(Map.of("email", email, "permissions", keys));
    }

    /** Returns the token of the latest invitation email sent to {@code email}. */
    String lastToken(String email) {
        return RecordingMailer.linkToken(api.iam.mailer().sentTo(email).getLast());
    }

    HttpResponse<String> accept(String token, String fullName, String password, String sessionToken) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("token", token);
        if (fullName != null) {
            fields.put("full_name", fullName);
        }
        if (password != null) {
            fields.put("password", password);
        }
        return post("/delegates/accept", json(fields), sessionToken);
    }

    /** Accepts as a new account, then runs MFA setup and confirm, and returns the signed-in delegate. */
    SignedInDelegate acceptAsNewAccount(String token, String email) {
        HttpResponse<String> accepted = accept(token, "Dana Delegate", DELEGATE_PASSWORD, null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(data(accepted).get("account_created").asBoolean()).isTrue();
        String mfaToken = data(accepted).get("mfa_session_token").asText();

        String secret = data(post("/auth/mfa/setup", json(Map.of("mfa_session_token", mfaToken)), null))
                .get("manual_key").asText();
        HttpResponse<String> confirmed = post("/auth/mfa/confirm",
                json(Map.of("mfa_session_token", mfaToken, "totp_code", api.totp(secret))), null);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);

        String session = sessionCookie(confirmed);
        UUID userId = UUID.fromString(data(get("/auth/context", session)).get("user_id").asText());
        return new SignedInDelegate(userId, email, session, secret);
    }

    /** Invites a new email and accepts it with a new account. */
    SignedInDelegate newDelegate(String physicianSession, String email, List<String> keys) {
        invite(physicianSession, email, keys);
        return acceptAsNewAccount(lastToken(email), email);
    }

    /** Returns the linkage id of the physician's delegate with this email. */
    UUID linkageId(String physicianSession, String email) {
        for (var delegate : data(get("/delegates", physicianSession))) {
            if (delegate.get("email").asText().equals(email)) {
                return UUID.fromString(delegate.get("linkage_id").asText());
            }
        }
        throw new AssertionError("GET /delegates lists no delegate with email " + email);
    }

    static String errorCode(HttpResponse<String> response) {
        return body(response).get("error").get("code").asText();
    }

    static String errorMessage(HttpResponse<String> response) {
        return body(response).get("error").get("message").asText();
    }

    static List<String> texts(Iterable<com.fasterxml.jackson.databind.JsonNode> array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    /** Returns the number of audit rows with the action, such as {@code delegate.invited}. */
    int audits(String action) {
        return api.iam.db().fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq(action));
    }

    private HttpResponse<String> kept(HttpResponse<String> response) {
        responses.add(response);
        return response;
    }
}
