package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.billing.iam.core.IamCore;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.Totp;
import org.billing.iam.core.testing.PlaintextScan;
import org.billing.iam.core.testing.RecordingMailer;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers;
import org.billing.iam.server.http.RouteModule;
import org.billing.iam.server.http.TestServer;

/**
 * The API routes on a loopback port, backed by a {@link TestIam} (real PostgreSQL, movable
 * clock, recording mailer, cheap Argon2), with request helpers that keep cookies by hand.
 * Unless a test passes its own, rate limits are {@link #GENEROUS_LIMITS}, and emails that
 * follow a response are sent on the request thread, so they are in the mailer when the
 * response arrives.
 */
final class ApiFixture implements AutoCloseable {

    static final String PASSWORD = "Correct-Horse-42!";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Limits that no test outside the rate limit tests reaches. */
    static final RateLimitSettings GENEROUS_LIMITS = new RateLimitSettings(10_000, 10_000, 10_000, 10_000, 10_000);

    private static final Pattern SESSION_COOKIE = Pattern.compile("^session=([^;]*);");

    final TestIam iam;
    final TestServer server;

    private ApiFixture(TestIam iam, TestServer server) {
        this.iam = iam;
        this.server = server;
    }

    static ApiFixture start() {
        return start(GENEROUS_LIMITS, Runnable::run);
    }

    static ApiFixture start(RateLimitSettings limits, Executor mailExecutor) {
        TestIam iam = TestIam.start();
        return new ApiFixture(iam, server(iam.core(), limits, mailExecutor));
    }

    /** Wraps a server that a test built itself with routes of its own. Closing the fixture closes both. */
    static ApiFixture over(TestIam iam, TestServer server) {
        return new ApiFixture(iam, server);
    }

    /** Starts a server with the API routes of {@code core}. */
    static TestServer server(IamCore core, RateLimitSettings limits, Executor mailExecutor) {
        return TestServer.start(ApiRoutes.modules(core, limits, mailExecutor).toArray(RouteModule[]::new));
    }

    /**
     * Builds a second, independent set of services on this fixture's database, clock and
     * mailer, as another server node would run them.
     */
    IamCore secondNode() {
        return IamCore.create(iam.db(), iam.clock(), iam.settings(), iam.mailer(), iam.hasher(), iam.cipher(),
                new SecureTokens(), Runnable::run);
    }

    /** A user who finished sign-up: the session token from the cookie, the TOTP secret and the recovery codes. */
    record SignedUp(String email, String sessionToken, String totpSecret, List<String> recoveryCodes) {
    }

    HttpResponse<String> post(String path, String json) {
        return post(path, json, null);
    }

    HttpResponse<String> post(String path, String json, String sessionToken) {
        HttpRequest.Builder request = server.request(ApiRoutes.PREFIX + path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        return server.send(withCookie(request, sessionToken));
    }

    HttpResponse<String> get(String path, String sessionToken) {
        return server.send(withCookie(server.request(ApiRoutes.PREFIX + path).GET(), sessionToken));
    }

    HttpResponse<String> delete(String path, String sessionToken) {
        return server.send(withCookie(server.request(ApiRoutes.PREFIX + path).DELETE(), sessionToken));
    }

    HttpResponse<String> send(String method, String path, String json, String sessionToken) {
        HttpRequest.Builder request = server.request(ApiRoutes.PREFIX + path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        return server.send(withCookie(request, sessionToken));
    }

    static HttpRequest.Builder withCookie(HttpRequest.Builder request, String sessionToken) {
        return sessionToken == null ? request : request.header("Cookie", "session=" + sessionToken);
    }

    /** Registers {@code email} and returns the verification token from the email it received. */
    String register(String email) {
        HttpResponse<String> response = post("/auth/register", json(Map.of(
                "email", email, "password", PASSWORD, "full_name", "Dr. Ada Test")));
        assertThat(response.statusCode()).isEqualTo(201);
        return RecordingMailer.linkToken(iam.mailer().sentTo(email).getLast());
    }

    /** Logs in with the password and returns the MFA session token. */
    String passwordStep(String email) {
        HttpResponse<String> response = post("/auth/login", json(Map.of("email", email, "password", PASSWORD)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return data(response).get("mfa_session_token").asText();
    }

    /** Runs register, verify, login, setup and confirm for a new user. */
    SignedUp signUp(String email) {
        String verification = register(email);
        assertThat(post("/auth/verify-email", json(Map.of("token", verification))).statusCode()).isEqualTo(200);
        String mfaToken = passwordStep(email);
        String secret = data(post("/auth/mfa/setup", json(Map.of("mfa_session_token", mfaToken))))
                .get("manual_key").asText();
        HttpResponse<String> confirmed = post("/auth/mfa/confirm",
                json(Map.of("mfa_session_token", mfaToken, "totp_code", totp(secret))));
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        List<String> codes = JSON.convertValue(data(confirmed).get("recovery_codes"),
                JSON.getTypeFactory().constructCollectionType(List.class, String.class));
        return new SignedUp(email, sessionCookie(confirmed), secret, codes);
    }

    /** Signs in a user stored with {@code withMfa()} through both login steps and returns the session token. */
    String signIn(TestUsers.TestUser user) {
        HttpResponse<String> password = post("/auth/login",
                json(Map.of("email", user.email(), "password", user.password())));
        assertThat(password.statusCode()).as(password.body()).isEqualTo(200);
        HttpResponse<String> mfa = post("/auth/login/mfa", json(Map.of(
                "mfa_session_token", data(password).get("mfa_session_token").asText(),
                "totp_code", totp(user.totpSecret()))));
        assertThat(mfa.statusCode()).as(mfa.body()).isEqualTo(200);
        return sessionCookie(mfa);
    }

    /** Returns the TOTP code of the current step, after moving the clock one step on so no code repeats. */
    String totp(String secret) {
        iam.clock().advance(java.time.Duration.ofSeconds(Totp.PERIOD_SECONDS));
        return Totp.code(secret, new Totp(iam.clock()).currentStep());
    }

    /** Returns the token of the response's {@code session} cookie; fails when there is none. */
    static String sessionCookie(HttpResponse<String> response) {
        String header = response.headers().allValues("Set-Cookie").stream()
                .filter(value -> value.startsWith("session="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No session cookie in " + response.headers().map()));
        Matcher matcher = SESSION_COOKIE.matcher(header);
        assertThat(matcher.find()).as(header).isTrue();
        return matcher.group(1);
    }

    static JsonNode body(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("Response is not JSON: " + response.body(), e);
        }
    }

    static JsonNode data(HttpResponse<String> response) {
        return body(response).get("data");
    }

    static String json(Map<String, ?> fields) {
        ObjectNode node = JSON.valueToTree(fields);
        return node.toString();
    }

    /**
     * Returns the row count of every table except Flyway's history and the rate-limit counters,
     * by table name. The counters are left out because every request counts, valid or not.
     */
    Map<String, Integer> tableCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Object table : iam.db().fetchValues("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
                + " AND table_name NOT IN ('flyway_schema_history', 'rate_limit_counters')")) {
            counts.put(table.toString(), iam.db().fetchCount(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name(
                    table.toString()))));
        }
        return counts;
    }

    /** Returns a {@link PlaintextScan#tables()} dump without the lines of the rate-limit counters. */
    static String withoutRateLimitCounters(String tables) {
        return tables.lines()
                .filter(line -> !line.startsWith("rate_limit_counters "))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            iam.close();
        }
    }
}
