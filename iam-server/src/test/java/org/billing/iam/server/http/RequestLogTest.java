package org.billing.iam.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RequestLogTest {

    private static final String TOKEN = "3f9a1c0e5b7d4e2f8a6c1b3d5e7f9a0b";

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

    @BeforeEach
    void capture() {
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void release() {
        root.detachAppender(captured);
    }

    @Test
    void requestLineHasNoQueryStringOrCookie() {
        try (TestServer server = TestServer.start(routes -> routes.get("/verify", ctx -> ctx.result("ok")))) {
            server.send(server.request("/verify?token=" + TOKEN).header("Cookie", "session=" + TOKEN + TOKEN));
            server.send(server.request("/missing?token=" + TOKEN));
        }

        List<String> lines = captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("GET /verify 200 "));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("GET /missing 404 "));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains(TOKEN));
        assertThat(lines).noneSatisfy(line -> assertThat(line).contains("token="));
    }

    @Test
    void printablePathDropsQueryAndControlCharacters() {
        assertThat(RequestLog.printable("/a?token=x")).isEqualTo("/a");
        assertThat(RequestLog.printable("/a\nFAKE LINE")).isEqualTo("/a?FAKE LINE");
        assertThat(RequestLog.printable("/" + "x".repeat(500))).hasSize(203);
    }

    @Test
    void printablePathKeepsPlainPaths() {
        assertThat(RequestLog.printable("/api/v1/auth/context")).isEqualTo("/api/v1/auth/context");
        assertThat(RequestLog.printable("/caf\u00e9/\ud83d\ude00")).isEqualTo("/caf\u00e9/\ud83d\ude00");
        assertThat(RequestLog.printable("/\ud800x")).isEqualTo("/\ud800x");
        assertThat(RequestLog.printable("/" + "x".repeat(199))).hasSize(200);
        assertThat(RequestLog.printable("/" + "x".repeat(200))).isEqualTo("/" + "x".repeat(199) + "...");
        assertThat(RequestLog.printable("/a\u007f")).isEqualTo("/a?");
    }
}
