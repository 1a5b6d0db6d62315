package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.session.RevocationReason;
import org.billing.iam.core.session.SessionService;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.server.http.RouteModule;
import org.billing.iam.server.http.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The auth context lookup that {@link AuthContextFastPath} serves without Javalin, compared
 * byte for byte, apart from the Date header, with the same lookup served by the Javalin route.
 * A {@code Content-Type: application/json} header without a body passes the API's content
 * type check and sends a request to Javalin. A before-handler counts the requests Javalin ran.
 */
class AuthContextFastPathTest {

    private static final String PATH = ApiRoutes.PREFIX + "/auth/context";

    private final AtomicInteger javalinRequests = new AtomicInteger();
    private final Logger accessLog = (Logger) LoggerFactory.getLogger("org.billing.iam.server.http.access");
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Level accessLogLevel;
    private ApiFixture api;

    @BeforeEach
    void start() {
        TestIam iam = TestIam.start();
        List<RouteModule> modules = new ArrayList<>(ApiRoutes.modules(iam.core(), ApiFixture.GENEROUS_LIMITS, Runnable::run));
        modules.add(routes -> routes.before(PATH, ctx -> javalinRequests.incrementAndGet()));
        api = ApiFixture.over(iam, TestServer.start(modules.toArray(RouteModule[]::new)));
        accessLogLevel = accessLog.getLevel();
        accessLog.setLevel(Level.DEBUG);
        captured.start();
        accessLog.addAppender(captured);
    }

    @AfterEach
    void stop() {
        accessLog.detachAppender(captured);
        accessLog.setLevel(accessLogLevel);
        api.close();
    }

    @Test
    void getMatchesJavalinRoute() {
        String session = api.signIn(api.iam.user().role(Role.PHYSICIAN).withMfa().create());

        String fast = send("GET", session, "");
        assertThat(javalinRequests).as("requests run by Javalin").hasValue(0);
        String javalin = send("GET", session, "Content-Type: application/json\r\n");
        assertThat(javalinRequests).as("requests run by Javalin").hasValue(1);

        assertThat(fast).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(fast).contains("\"role\":\"PHYSICIAN\"");
        assertThat(withoutDate(fast)).isEqualTo(withoutDate(javalin));
    }

    @Test
    void headMatchesJavalinRoute() {
        String session = api.signIn(api.iam.user().role(Role.DELEGATE).withMfa().create());

        String fast = send("HEAD", session, "");
        assertThat(javalinRequests).as("requests run by Javalin").hasValue(0);
        String javalin = send("HEAD", session, "Content-Type: application/json\r\n");

        assertThat(fast).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(fast).endsWith("\r\n\r\n");
        assertThat(fast).containsPattern("Content-Length: [1-9][0-9]*\r\n");
        assertThat(withoutDate(fast)).isEqualTo(withoutDate(javalin));
    }

    @Test
    void failuresGoToJavalinRoute() {
        List<String> cookies = List.of("", "Cookie: session=garbage\r\n",
                "Cookie: session=" + "f".repeat(64) + "\r\n", "Cookie: =\r\n");

        for (String cookie : cookies) {
            String fast = sendWithCookieHeader("GET", cookie, "");
            String javalin = sendWithCookieHeader("GET", cookie, "Content-Type: application/json\r\n");

            assertThat(fast).as(cookie).startsWith("HTTP/1.1 401 Unauthorized\r\n");
            assertThat(fast).as(cookie).endsWith("{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"Sign in to continue.\"}}");
            assertThat(withoutDate(fast)).as(cookie).isEqualTo(withoutDate(javalin));
        }
        assertThat(javalinRequests).as("requests run by Javalin").hasValue(2 * cookies.size());
    }

    @Test
    void idleExpiredSessionIsRevoked() {
        String session = api.signIn(api.iam.user().role(Role.PHYSICIAN).withMfa().create());
        api.iam.clock().advance(SessionService.IDLE_TIMEOUT);

        String fast = send("GET", session, "");
        String javalin = send("GET", session, "Content-Type: application/json\r\n");

        assertThat(fast).startsWith("HTTP/1.1 401 Unauthorized\r\n");
        assertThat(withoutDate(fast)).isEqualTo(withoutDate(javalin));
        assertThat(revokedReason(session)).isEqualTo(RevocationReason.EXPIRED_IDLE.value());
        assertThat(javalinRequests).as("requests run by Javalin").hasValue(2);
    }

    @Test
    void staleActivityIsRefreshedOnFastPath() {
        String session = api.signIn(api.iam.user().role(Role.PHYSICIAN).withMfa().create());
        api.iam.clock().advance(SessionService.ACTIVITY_REFRESH_INTERVAL.plusSeconds(1));

        String fast = send("GET", session, "");

        assertThat(fast).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(javalinRequests).as("requests run by Javalin").hasValue(0);
        assertThat(lastActiveAt(session)).isEqualTo(api.iam.clock().instant());
    }

    @Test
    void keptAliveConnectionServesRequestsInTurn() throws IOException {
        String session = api.signIn(api.iam.user().role(Role.PHYSICIAN).withMfa().create());
        String signedIn = "GET " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: session=" + session + "\r\n\r\n";
        String signedOut = "GET " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

        List<String> statusLines = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", api.server.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            for (String request : List.of(signedIn, signedOut, signedIn, signedIn)) {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                statusLines.add(readResponse(socket.getInputStream()).lines().findFirst().orElseThrow());
            }
        }

        assertThat(statusLines).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 401 Unauthorized", "HTTP/1.1 200 OK",
                "HTTP/1.1 200 OK");
        assertThat(javalinRequests).as("requests run by Javalin").hasValue(1);
    }

    @Test
    void stalledLookupGoesToJavalinRouteAs503() throws Exception {
        String session = api.signIn(api.iam.user().role(Role.PHYSICIAN).withMfa().create());
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> api.iam.db().transaction(transaction -> {
            transaction.dsl().execute("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE");
            locked.countDown();
            release.await();
        }));
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            // Both lookups run at once, and the watchdog cancels each statement after 5 s.
            Future<String> fast = clients.submit(() -> send("GET", session, ""));
            Future<String> javalin = clients.submit(() -> send("GET", session, "Content-Type: application/json\r\n"));

            assertThat(fast.get(25, TimeUnit.SECONDS)).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
            assertThat(withoutDate(fast.get())).isEqualTo(withoutDate(javalin.get(25, TimeUnit.SECONDS)));
        } finally {
            release.countDown();
            holder.join();
            clients.shutdownNow();
        }
        assertThat(javalinRequests).as("requests run by Javalin").hasValue(2);
    }

    @Test
    void successIsLoggedAtDebug() {
        String session = api.signIn(api.iam.user().role(Role.PHYSICIAN).withMfa().create());
        captured.list.clear();

        send("GET", session, "");

        assertThat(captured.list).hasSize(1);
        assertThat(captured.list.getFirst().getLevel()).isEqualTo(Level.DEBUG);
        assertThat(captured.list.getFirst().getFormattedMessage()).startsWith("GET " + PATH + " 200 ");
        assertThat(captured.list.getFirst().getFormattedMessage()).doesNotContain(session);
    }

    private String send(String method, String session, String extraHeaders) {
        return sendWithCookieHeader(method, "Cookie: session=" + session + "\r\n", extraHeaders);
    }

    /** Sends one HTTP/1.1 request on a new connection and returns the whole response as text. */
    private String sendWithCookieHeader(String method, String cookieHeader, String extraHeaders) {
        return exchange(method + " " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + cookieHeader + extraHeaders
                + "Connection: close\r\n\r\n");
    }

    /** Writes {@code request} on a new connection and returns everything read until the server closes it. */
    private String exchange(String request) {
        try (Socket socket = new Socket("127.0.0.1", api.server.uri("/").getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response with a Content-Length header from a kept-alive connection. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next < 0) {
                throw new IOException("Connection closed after " + head.length() + " bytes of a response head");
            }
            head.append((char) next);
        }
        Matcher length = Pattern.compile("\r\nContent-Length: (\\d+)\r\n").matcher(head);
        if (!length.find()) {
            throw new IOException("Response has no Content-Length: " + head);
        }
        byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
        return head + new String(body, StandardCharsets.UTF_8);
    }

    private String revokedReason(String token) {
        return api.iam.db().select(SESSIONS.REVOKED_REASON).from(SESSIONS)
                .where(SESSIONS.TOKEN_HASH.eq(Sha256.hex(token))).fetchSingle(SESSIONS.REVOKED_REASON);
    }

    private Instant lastActiveAt(String token) {
        return api.iam.db().select(SESSIONS.LAST_ACTIVE_AT).from(SESSIONS)
                .where(SESSIONS.TOKEN_HASH.eq(Sha256.hex(token))).fetchSingle(SESSIONS.LAST_ACTIVE_AT).toInstant();
    }

    private static String withoutDate(String response) {
        return response.replaceFirst("\r\nDate: [^\r]*\r\n", "\r\n");
    }
}
