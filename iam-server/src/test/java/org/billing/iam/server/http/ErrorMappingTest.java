package org.billing.iam.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLTransientConnectionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.ForbiddenException;
import org.billing.iam.core.error.TooManyRequestsException;
import org.billing.iam.core.error.UnauthorizedException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {

    private static final ObjectMapper JSON = JsonMapping.objectMapper();
    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(routes -> {
            routes.post("/api/v1/echo", ctx -> {
                JsonInput input = JsonInput.parse(ctx);
                ApiResponses.ok(ctx, Map.of(
                        "email", input.requiredString("email", 255),
                        "remember", input.optionalBoolean("remember").orElse(false),
                        "keys", input.optionalStringArray("keys", 5, 40).orElse(java.util.List.of())));
            });
            routes.get("/api/v1/users/{userId}", ctx -> ApiResponses.ok(ctx, PathParameters.uuid(ctx, "userId")));
            routes.get("/api/v1/session", ctx -> ApiResponses.ok(ctx,
                    Map.of("has_session", SessionCookie.read(ctx).isPresent())));
            routes.get("/api/v1/metadata", ctx -> ApiResponses.ok(ctx, ClientMetadata.of(ctx)));
            routes.get("/api/v1/unauthorized", ctx -> {
                throw new UnauthorizedException("Sign in first.");
            });
            routes.get("/api/v1/forbidden", ctx -> {
                throw new ForbiddenException("Not allowed.");
            });
            routes.get("/api/v1/rule", ctx -> {
                throw new BusinessRuleException("Invalid credentials.");
            });
            routes.get("/api/v1/limited", ctx -> {
                throw new TooManyRequestsException(Duration.ofMillis(2500));
            });
            routes.get("/api/v1/bug", ctx -> {
                throw new IllegalStateException("internal detail: table users");
            });
            routes.get("/api/v1/error", ctx -> {
                throw new AssertionError("internal detail: invariant broken");
            });
            routes.get("/api/v1/database-down", ctx -> {
                throw new DataAccessException("connection failed",
                        new SQLTransientConnectionException("iam - Connection is not available"));
            });
        });
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void validBodyIsEchoed() throws Exception {
        HttpResponse<String> response = server.postJson("/api/v1/echo",
                "{\"email\":\"a@b.org\",\"remember\":true,\"keys\":[\"CLAIM_VIEW\"],\"extra\":1}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode data = JSON.readTree(response.body()).get("data");
        assertThat(data.get("email").asText()).isEqualTo("a@b.org");
        assertThat(data.get("remember").asBoolean()).isTrue();
        assertThat(data.get("keys").get(0).asText()).isEqualTo("CLAIM_VIEW");
    }

    @Test
    void cancelledStatementCountsAsDatabaseUnavailable() {
        assertThat(ErrorMapping.isDatabaseUnavailable(
                new IllegalStateException(new java.sql.SQLException("canceling statement due to user request", "57014"))))
                .isTrue();
        assertThat(ErrorMapping.isDatabaseUnavailable(
                new IllegalStateException(new java.sql.SQLException("duplicate key value", "23505"))))
                .isFalse();
    }

    @Test
    void surrogatePairIsAccepted() throws Exception {
        HttpResponse<String> response = server.postJson("/api/v1/echo", "{\"email\":\"a\\ud83d\\ude00b\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("data").get("email").asText()).isEqualTo("a\uD83D\uDE00b");
    }

    @Test
    void malformedJsonIsValidationError() throws Exception {
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\": "), "body");
        assertValidationError(server.postJson("/api/v1/echo", "{} trailing"), "body");
        assertValidationError(server.postJson("/api/v1/echo", ""), "body");
    }

    @Test
    void nonObjectJsonIsValidationError() throws Exception {
        assertValidationError(server.postJson("/api/v1/echo", "[1,2]"), "body");
        assertValidationError(server.postJson("/api/v1/echo", "\"text\""), "body");
        assertValidationError(server.postJson("/api/v1/echo", "null"), "body");
    }

    @Test
    void duplicateKeyIsValidationError() throws Exception {
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\":\"a@b.org\",\"email\":\"c@d.org\"}"), "body");
    }

    @Test
    void wrongFieldTypesNameTheField() throws Exception {
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\":42}"), "email");
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\":{\"x\":1}}"), "email");
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\":\"a@b.org\",\"remember\":\"yes\"}"), "remember");
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\":\"a@b.org\",\"keys\":\"CLAIM_VIEW\"}"), "keys");
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\":\"a@b.org\",\"keys\":[1]}"), "keys");
    }

    @Test
    void missingOversizedOrInvalidTextRejected() throws Exception {
        assertValidationError(server.postJson("/api/v1/echo", "{}"), "email");
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\":\"\"}"), "email");
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\":\"" + "a".repeat(256) + "\"}"), "email");
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\":\"a\\u0000b\"}"), "email");
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\":\"a\\ud800b\"}"), "email");
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\":\"a\\udc00\"}"), "email");
        assertValidationError(server.postJson("/api/v1/echo", "{\"email\":\"\\ud83d\"}"), "email");
        assertValidationError(server.postJson("/api/v1/echo",
                "{\"email\":\"a@b.org\",\"keys\":[\"A\",\"B\",\"C\",\"D\",\"E\",\"F\"]}"), "keys");
    }

    @Test
    void oversizedBodyIs413Json() throws Exception {
        String big = "{\"email\":\"" + "a".repeat((int) HttpApp.MAX_BODY_BYTES) + "\"}";

        HttpResponse<String> withLength = server.postJson("/api/v1/echo", big);
        HttpResponse<String> chunked = server.send(server.request("/api/v1/echo")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))));

        assertError(withLength, 413, "PAYLOAD_TOO_LARGE");
        assertError(chunked, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void unknownRouteIs404Json() throws Exception {
        assertError(server.get("/api/v1/nothing-here"), 404, "NOT_FOUND");
    }

    @Test
    void wrongMethodIs405Json() throws Exception {
        assertError(server.send(server.request("/api/v1/echo").DELETE()), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void nonUuidPathParameterIsValidationError() throws Exception {
        assertValidationError(server.get("/api/v1/users/not-a-uuid"), "userId");
        assertValidationError(server.get("/api/v1/users/1-1-1-1-1"), "userId");
        assertThat(server.get("/api/v1/users/6f1c1d8e-6a55-4d8c-9a4e-3f3cf0d1b1a2").statusCode()).isEqualTo(200);
    }

    @Test
    void garbageCookieMeansNoSession() throws Exception {
        for (String cookie : new String[] {"session=\"unterminated", "session=zz; ;;; ===", "session=" + "g".repeat(64),
                "=", "session=" + "a".repeat(5000)}) {
            HttpResponse<String> response = server.send(server.request("/api/v1/session").header("Cookie", cookie));

            assertThat(response.statusCode()).as(cookie).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).at("/data/has_session").asBoolean()).as(cookie).isFalse();
        }
    }

    @Test
    void validSessionCookieIsRead() throws Exception {
        HttpResponse<String> response = server.send(server.request("/api/v1/session")
                .header("Cookie", "theme=dark; session=" + "ab".repeat(32)));

        assertThat(JSON.readTree(response.body()).at("/data/has_session").asBoolean()).isTrue();
    }

    @Test
    void tenKilobyteUserAgentIsCut() throws Exception {
        HttpResponse<String> response = server.send(server.request("/api/v1/metadata")
                .header("User-Agent", "x".repeat(10 * 1024)));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode data = JSON.readTree(response.body()).get("data");
        assertThat(data.get("user_agent").asText()).hasSize(512);
        assertThat(data.get("ip_address").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void iamExceptionsMapToTheirStatus() throws Exception {
        assertError(server.get("/api/v1/unauthorized"), 401, "UNAUTHORIZED");
        assertError(server.get("/api/v1/forbidden"), 403, "FORBIDDEN");
        assertError(server.get("/api/v1/rule"), 422, "BUSINESS_RULE_VIOLATION");
        assertThat(JSON.readTree(server.get("/api/v1/rule").body()).at("/error/message").asText())
                .isEqualTo("Invalid credentials.");
    }

    @Test
    void rateLimitSendsRetryAfterInWholeSeconds() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/limited");

        assertError(response, 429, "RATE_LIMITED");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("3");
    }

    @Test
    void unexpectedExceptionIsBare500() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/bug");

        assertError(response, 500, "INTERNAL_ERROR");
        assertThat(response.body()).doesNotContain("table users").doesNotContain("IllegalStateException");
    }

    @Test
    void javaLangErrorIsBare500() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/error");

        assertError(response, 500, "INTERNAL_ERROR");
        assertThat(response.body()).doesNotContain("invariant broken");
    }

    @Test
    void databaseConnectionFailureIs503() throws Exception {
        HttpResponse<String> response = server.get("/api/v1/database-down");

        assertError(response, 503, "SERVICE_UNAVAILABLE");
        assertThat(response.body()).doesNotContain("Connection is not available");
    }

    @Test
    void securityHeadersOnEveryResponse() throws Exception {
        for (HttpResponse<String> response : new HttpResponse[] {server.get("/api/v1/nothing-here"),
                server.get("/api/v1/session"), server.get("/api/v1/bug")}) {
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
            assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("default-src 'none'").contains("frame-ancestors 'none'");
            assertThat(response.headers().firstValue("Server")).isEmpty();
        }
    }

    @Test
    void oversizedHeadersAre431Json() throws Exception {
        HttpResponse<String> response = server.send(server.request("/api/v1/session")
                .header("User-Agent", "x".repeat(40 * 1024)));

        assertError(response, 431, "HEADERS_TOO_LARGE");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void malformedUriIs400Json() throws Exception {
        String response = rawRequest("GET /api/v1/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ");
        assertThat(response).contains("Content-Type: application/json");
        assertThat(response).endsWith("{\"error\":{\"code\":\"VALIDATION_ERROR\",\"message\":\"The request is malformed.\"}}");
    }

    @Test
    void truncatedBodyIs400Json() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.uri("/").getPort())) {
            socket.setSoTimeout(5000);
            String head = "POST /api/v1/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"email\":";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();

            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(response).startsWith("HTTP/1.1 400 ");
            assertThat(response).contains("\"code\":\"VALIDATION_ERROR\"");
        }
    }

    private static String rawRequest(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.uri("/").getPort())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertValidationError(HttpResponse<String> response, String field) throws Exception {
        assertError(response, 400, "VALIDATION_ERROR");
        assertThat(JSON.readTree(response.body()).at("/error/detail/field").asText()).isEqualTo(field);
    }

    private static void assertError(HttpResponse<String> response, int status, String code) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = JSON.readTree(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
    }
}
