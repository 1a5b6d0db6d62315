package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.server.api.ApiFixture.body;
import static org.billing.iam.server.api.ApiFixture.json;
import static org.billing.iam.server.api.DelegateApi.CLAIM_KEYS;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.billing.iam.core.permission.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Malformed delegate requests get a JSON 4xx naming the problem, never a 500, and change no row. */
class DelegateBadInputTest {

    private ApiFixture api;
    private DelegateApi delegates;
    private String physician;
    private String delegate;
    private String admin;
    private UUID linkageId;

    @BeforeEach
    void start() {
        api = ApiFixture.start();
        delegates = new DelegateApi(api);
        physician = delegates.signedIn(Role.PHYSICIAN);
        admin = delegates.signedIn(Role.ADMIN);
        delegate = delegates.newDelegate(physician, "dana@example.org", CLAIM_KEYS).sessionToken();
        linkageId = delegates.linkageId(physician, "dana@example.org");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** One bad request and the error it must get: status, code, and the field named in the detail (or null). */
    private record Case(String name, HttpRequest.Builder request, int status, String code, String field) {
    }

    @Test
    void badDelegateRequestsChangeNothing() {
        List<Case> cases = new ArrayList<>();
        cases.addAll(inviteCases());
        cases.addAll(idCases());
        cases.addAll(acceptAndContextCases());
        Map<String, Integer> countsBefore = api.tableCounts();

        for (Case bad : cases) {
            HttpResponse<String> response = api.server.send(bad.request());

            assertThat(response.statusCode()).as(bad.name() + ": " + response.body()).isEqualTo(bad.status());
            JsonNode error = body(response).get("error");
            assertThat(error.get("code").asText()).as(bad.name()).isEqualTo(bad.code());
            assertThat(error.get("message").asText()).as(bad.name()).isNotBlank();
            if (bad.field() != null) {
                assertThat(error.get("detail").get("field").asText()).as(bad.name()).isEqualTo(bad.field());
            }
        }
        assertThat(api.tableCounts()).isEqualTo(countsBefore);
        assertThat(api.iam.mailer().sent()).hasSize(1);
    }

    private List<Case> inviteCases() {
        String invite = "/delegates/invite";
        List<Case> cases = new ArrayList<>();
        cases.add(validation("malformed JSON", post(invite, "{\"email\":", physician), "body"));
        cases.add(validation("array body", post(invite, "[]", physician), "body"));
        cases.add(validation("email as number", post(invite,
                "{\"email\":7,\"permissions\":[\"CLAIM_VIEW\"]}", physician), "email"));
        cases.add(validation("invalid email", post(invite, DelegateApi.inviteBody("not-an-email", CLAIM_KEYS),
                physician), "email"));
        cases.add(validation("oversized email", post(invite, DelegateApi.inviteBody("a".repeat(300) + "@example.org",
                CLAIM_KEYS), physician), "email"));

        cases.add(validation("permissions missing", post(invite, json(Map.of("email", "x@example.org")), physician),
                "permissions"));
        cases.add(validation("permissions as string", post(invite,
                "{\"email\":\"x@example.org\",\"permissions\":\"CLAIM_VIEW\"}", physician), "permissions"));
        cases.add(validation("permissions as object", post(invite,
                "{\"email\":\"x@example.org\",\"permissions\":{\"CLAIM_VIEW\":true}}", physician), "permissions"));
        cases.add(validation("permission as number", post(invite,
                "{\"email\":\"x@example.org\",\"permissions\":[1,2]}", physician), "permissions"));
        cases.add(validation("permission as null", post(invite,
                "{\"email\":\"x@example.org\",\"permissions\":[null]}", physician), "permissions"));
        cases.add(validation("empty key", post(invite, DelegateApi.inviteBody("x@example.org", List.of("")),
                physician), "permissions"));
        cases.add(validation("oversized key", post(invite, DelegateApi.inviteBody("x@example.org",
                List.of("K".repeat(65))), physician), "permissions"));
        cases.add(validation("huge array", post(invite, DelegateApi.inviteBody("x@example.org",
                Collections.nCopies(4000, "CLAIM_VIEW")), physician), "permissions"));
        cases.add(validation("NUL in key", post(invite, DelegateApi.inviteBody("x@example.org",
                List.of("CLAIM_VIEW\u0000")), physician), "permissions"));
        cases.add(validation("flag as string", post(invite,
                "{\"email\":\"x@example.org\",\"permissions\":[\"CLAIM_VIEW\"],\"can_approve_batches\":\"yes\"}",
                physician), "can_approve_batches"));
        cases.add(new Case("oversized body", post(invite, "{\"x\":\"" + "a".repeat(70_000) + "\"}", physician),
                413, "PAYLOAD_TOO_LARGE", null));

        cases.add(validation("admin without physician", post(invite, DelegateApi.inviteBody("x@example.org",
                CLAIM_KEYS), admin), "physician_user_id"));
        cases.add(validation("non-UUID physician", post(invite + "?physician_user_id=abc",
                DelegateApi.inviteBody("x@example.org", CLAIM_KEYS), admin), "physician_user_id"));
        cases.add(validation("short UUID physician", get("/delegates?physician_user_id=1-2-3-4-5", admin),
                "physician_user_id"));
        cases.add(validation("empty physician", get("/delegates/invitations?physician_user_id=", admin),
                "physician_user_id"));
        UUID some = UUID.randomUUID();
        cases.add(validation("repeated physician", get("/delegates?physician_user_id=" + some
                + "&physician_user_id=" + some, admin), "physician_user_id"));
        cases.add(new Case("admin names unknown physician", post(invite + "?physician_user_id=" + some,
                DelegateApi.inviteBody("x@example.org", CLAIM_KEYS), admin), 422, "BUSINESS_RULE_VIOLATION", null));
        return cases;
    }

    private List<Case> idCases() {
        String permissions = json(Map.of("permissions", CLAIM_KEYS));
        List<Case> cases = new ArrayList<>();
        cases.add(validation("non-UUID invitation", delete("/delegates/invitations/not-a-uuid", physician),
                "invitation_id"));
        cases.add(validation("short UUID resend", post("/delegates/invitations/1-2-3-4-5/resend", "", physician),
                "invitation_id"));
        cases.add(validation("quoted invitation id", delete("/delegates/invitations/%27%3B--", physician),
                "invitation_id"));

        cases.add(validation("non-UUID linkage", patch("/delegates/12345/permissions", permissions, physician),
                "linkage_id"));
        cases.add(validation("non-UUID removal", delete("/delegates/invitations", physician), "linkage_id"));
        cases.add(validation("oversized UUID", delete("/delegates/" + linkageId + "0", physician), "linkage_id"));
        String path = "/delegates/" + linkageId + "/permissions";
        cases.add(validation("patch without body", patch(path, "", physician), "body"));
        cases.add(validation("patch permissions as number", patch(path, "{\"permissions\":5}", physician),
                "permissions"));
        cases.add(validation("patch huge array", patch(path, json(Map.of("permissions",
                Collections.nCopies(30, "CLAIM_VIEW"))), physician), "permissions"));
        cases.add(validation("patch duplicate key", patch(path,
                "{\"permissions\":[\"CLAIM_VIEW\"],\"permissions\":[\"DATA_EXPORT\"]}", physician), "body"));
        return cases;
    }

    private List<Case> acceptAndContextCases() {
        String accept = "/delegates/accept";
        List<Case> cases = new ArrayList<>();
        cases.add(validation("token missing", post(accept, "{}", null), "token"));
        cases.add(validation("token as number", post(accept, "{\"token\":42}", null), "token"));
        cases.add(validation("oversized token", post(accept, json(Map.of("token", "a".repeat(1000))), null), "token"));
        cases.add(validation("name as array", post(accept,
                "{\"token\":\"" + UUID.randomUUID() + "\",\"full_name\":[\"D\"]}", null), "full_name"));
        cases.add(validation("password as object", post(accept,
                "{\"token\":\"" + UUID.randomUUID() + "\",\"password\":{}}", null), "password"));
        cases.add(validation("oversized name", post(accept, json(Map.of("token", UUID.randomUUID().toString(),
                "full_name", "N".repeat(5000))), null), "full_name"));
        cases.add(new Case("upper-case token", post(accept, json(Map.of("token",
                UUID.randomUUID().toString().toUpperCase())), null), 422, "BUSINESS_RULE_VIOLATION", null));
        cases.add(new Case("garbage cookie on accept", post(accept, json(Map.of("token", "x")), "garbage"),
                422, "BUSINESS_RULE_VIOLATION", null));

        String context = "/delegates/context";
        cases.add(validation("physician missing", post(context, "{}", delegate), "physician_user_id"));
        cases.add(validation("physician as number", post(context, "{\"physician_user_id\":1}", delegate),
                "physician_user_id"));
        cases.add(validation("physician not a UUID", post(context, json(Map.of("physician_user_id", "me")),
                delegate), "physician_user_id"));
        cases.add(validation("physician oversized", post(context, json(Map.of("physician_user_id",
                "a".repeat(500))), delegate), "physician_user_id"));
        cases.add(validation("context body malformed", post(context, "{", delegate), "body"));
        return cases;
    }

    private static Case validation(String name, HttpRequest.Builder request, String field) {
        return new Case(name, request, 400, "VALIDATION_ERROR", field);
    }

    private HttpRequest.Builder post(String path, String json, String sessionToken) {
        return ApiFixture.withCookie(api.server.request(ApiRoutes.PREFIX + path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), sessionToken);
    }

    private HttpRequest.Builder patch(String path, String json, String sessionToken) {
        return ApiFixture.withCookie(api.server.request(ApiRoutes.PREFIX + path)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)), sessionToken);
    }

    private HttpRequest.Builder get(String path, String sessionToken) {
        return ApiFixture.withCookie(api.server.request(ApiRoutes.PREFIX + path).GET(), sessionToken);
    }

    private HttpRequest.Builder delete(String path, String sessionToken) {
        return ApiFixture.withCookie(api.server.request(ApiRoutes.PREFIX + path).DELETE(), sessionToken);
    }
}
