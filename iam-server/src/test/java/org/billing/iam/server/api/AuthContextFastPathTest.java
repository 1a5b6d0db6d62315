package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.billing.iam.core.permission.Role;
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
        String request = method + " " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + cookieHeader + extraHeaders
                + "Connection: close\r\n\r\n";
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

    private static String withoutDate(String response) {
        return response.replaceFirst("\r\nDate: [^\r]*\r\n", "\r\n");
    }
}
