package org.billing.iam.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class SessionCookieTest {

    private static final String TOKEN = "0123456789abcdef".repeat(4);

    @Test
    void setCookieHasSecurityAttributes() {
        try (TestServer server = TestServer.start(routes -> routes.post("/login", ctx -> {
            SessionCookie.set(ctx, TOKEN);
            ApiResponses.noContent(ctx);
        }))) {
            HttpResponse<String> response = server.postJson("/login", "{}");

            String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith("session=" + TOKEN + ";");
            assertThat(cookie).contains("; Max-Age=86400").contains("; Path=/").contains("; Secure")
                    .contains("; HttpOnly").contains("; SameSite=Lax");
        }
    }

    @Test
    void readKeepsCookieCase() {
        try (TestServer server = TestServer.start(routes -> routes.get("/token",
                ctx -> ApiResponses.ok(ctx, SessionCookie.read(ctx).orElse("none"))))) {
            HttpResponse<String> lower = server.send(server.request("/token").header("Cookie", "session=" + TOKEN));
            HttpResponse<String> upper = server.send(server.request("/token")
                    .header("Cookie", "session=" + TOKEN.toUpperCase()));

            assertThat(lower.body()).isEqualTo("{\"data\":\"" + TOKEN + "\"}");
            assertThat(upper.body()).isEqualTo("{\"data\":\"none\"}");
        }
    }

    @Test
    void clearSetsMaxAgeZero() {
        try (TestServer server = TestServer.start(routes -> routes.post("/logout", ctx -> {
            SessionCookie.clear(ctx);
            ApiResponses.noContent(ctx);
        }))) {
            HttpResponse<String> response = server.postJson("/logout", "{}");

            String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith("session=;").contains("; Max-Age=0").contains("; Path=/")
                    .contains("; HttpOnly").contains("; Secure");
        }
    }
}
