package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HEAD on the API's GET routes. A HEAD request must run the same authentication, gating and
 * role checks as GET and return the same status, without a body.
 */
class HeadRequestTest {

    private static final List<String> GET_ROUTES = List.of("/account", "/auth/context", "/sessions", "/delegates",
            "/delegates/invitations", "/delegates/physicians");

    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void headWithoutSessionIsUnauthorized() {
        for (String path : GET_ROUTES) {
            HttpResponse<String> head = head(path, null);

            assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(401);
            assertThat(head.body()).as("HEAD " + path).isEmpty();
        }
    }

    @Test
    void headMatchesGetStatus() {
        String physician = api.signIn(api.iam.user().role(Role.PHYSICIAN).withMfa().create());
        String suspended = api.signIn(api.iam.user().role(Role.PHYSICIAN)
                .subscription(SubscriptionStatus.SUSPENDED).withMfa().create());
        String delegate = api.signIn(api.iam.user().role(Role.DELEGATE).withMfa().create());

        for (String session : List.of(physician, suspended, delegate)) {
            for (String path : GET_ROUTES) {
                int get = api.get(path, session).statusCode();
                HttpResponse<String> head = head(path, session);

                assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(get);
                assertThat(head.body()).as("HEAD " + path).isEmpty();
            }
        }
    }

    private HttpResponse<String> head(String path, String session) {
        HttpRequest.Builder request = api.server.request(ApiRoutes.PREFIX + path)
                .method("HEAD", HttpRequest.BodyPublishers.noBody());
        return api.server.send(ApiFixture.withCookie(request, session));
    }
}
