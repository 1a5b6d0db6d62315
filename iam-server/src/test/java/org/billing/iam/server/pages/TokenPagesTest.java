package org.billing.iam.server.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.billing.iam.server.http.ApiResponses;
import org.billing.iam.server.http.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenPagesTest {

    private static final AtomicInteger API_CALLS = new AtomicInteger();
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(new TokenPages(), routes -> {
            for (String endpoint : new String[] {"/api/v1/auth/verify-email", "/api/v1/auth/password/reset",
                    "/api/v1/delegates/accept"}) {
                routes.post(endpoint, ctx -> {
                    API_CALLS.incrementAndGet();
                    ApiResponses.ok(ctx, "consumed");
                });
            }
        });
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetCounter() {
        API_CALLS.set(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/verify-email", "/reset-password", "/delegates/accept"})
    void getAndHeadRenderWithoutConsuming(String path) {
        HttpResponse<String> get = server.get(path + "?token=6f1c1d8e-6a55-4d8c-9a4e-3f3cf0d1b1a2");
        HttpResponse<String> head = server.send(server.request(path + "?token=6f1c1d8e-6a55-4d8c-9a4e-3f3cf0d1b1a2")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(API_CALLS.get()).isZero();
        assertThat(get.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(get.body()).contains("<form id=\"token-form\"").contains("/assets/token-page.js");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/verify-email", "/reset-password", "/delegates/accept"})
    void pagesSendNoReferrerNoStoreAndStrictPolicy(String path) {
        HttpResponse<String> response = server.get(path + "?token=abc");

        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(response.body()).contains("<meta name=\"referrer\" content=\"no-referrer\">");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/verify-email", "/reset-password", "/delegates/accept"})
    void tokenIsNeverReflected(String path) {
        String hostile = "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22onload%3D";

        HttpResponse<String> response = server.get(path + "?token=" + hostile);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain("<script>alert").doesNotContain("alert(1)");
        assertThat(response.body()).doesNotContain("<script>").doesNotContain("onload");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/verify-email", "/reset-password?token=", "/delegates/accept?token=%20"})
    void missingTokenShowsIncompleteLink(String pathAndQuery) {
        HttpResponse<String> response = server.get(pathAndQuery);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("This link is incomplete").doesNotContain("token-form");
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/verify-email", "/reset-password", "/delegates/accept"})
    void postToPageIsNotAllowed(String path) {
        HttpResponse<String> response = server.send(server.request(path + "?token=abc")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(API_CALLS.get()).isZero();
    }

    @org.junit.jupiter.api.Test
    void formsPostToTheirApiEndpoints() {
        String verify = server.get("/verify-email?token=t").body();
        String reset = server.get("/reset-password?token=t").body();
        String accept = server.get("/delegates/accept?token=t").body();

        assertThat(verify).contains("data-endpoint=\"/api/v1/auth/verify-email\"").doesNotContain("<input");
        assertThat(reset).contains("data-endpoint=\"/api/v1/auth/password/reset\"")
                .contains("name=\"new_password\" type=\"password\"")
                .contains("name=\"confirm_password\" type=\"password\"")
                .contains("data-confirms=\"new_password\"");
        assertThat(accept).contains("data-endpoint=\"/api/v1/delegates/accept\"")
                .contains("name=\"full_name\" type=\"text\"")
                .contains("name=\"password\" type=\"password\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/token-page.js", "/assets/pages.css"})
    void assetsAreServed(String path) {
        HttpResponse<String> response = server.get(path);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isNotBlank();
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
}
