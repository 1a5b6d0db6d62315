package org.billing.iam.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.server.api.ApiFixture.data;
import static org.billing.iam.server.api.ApiFixture.json;
import static org.billing.iam.server.api.ApiFixture.sessionCookie;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.billing.iam.core.testing.PlaintextScan;
import org.billing.iam.core.testing.RecordingMailer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs every sign-in route over HTTP while the root logger captures DEBUG, then searches
 * every table and every log line for the plaintext secrets the flow handled.
 */
class HttpSecretsTest {

    private static final String EMAIL = "secrets@example.org";
    private static final String WRONG_PASSWORD = "Wrong-Password-77!";

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level rootLevel;
    private ApiFixture api;

    @BeforeEach
    void start() {
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
        api = ApiFixture.start();
    }

    @AfterEach
    void stop() {
        api.close();
        root.detachAppender(logs);
        root.setLevel(rootLevel);
    }

    @Test
    void noPlaintextSecretInTablesOrLogs() {
        List<String> secrets = new ArrayList<>();
        secrets.add(ApiFixture.PASSWORD);
        secrets.add(WRONG_PASSWORD);

        String verification = api.register(EMAIL);
        secrets.add(verification);
        api.post("/auth/verify-email", json(Map.of("token", verification)));
        api.post("/auth/login", json(Map.of("email", EMAIL, "password", WRONG_PASSWORD)));
        api.post("/auth/login", json(Map.of("email", "unknown@example.org", "password", WRONG_PASSWORD)));
        String setupToken = api.passwordStep(EMAIL);
        secrets.add(setupToken);
        String secret = data(api.post("/auth/mfa/setup", json(Map.of("mfa_session_token", setupToken))))
                .get("manual_key").asText();
        secrets.add(secret);
        api.post("/auth/mfa/confirm", json(Map.of("mfa_session_token", setupToken, "totp_code", "000000")));
        HttpResponse<String> confirmed = api.post("/auth/mfa/confirm",
                json(Map.of("mfa_session_token", setupToken, "totp_code", api.totp(secret))));
        secrets.add(sessionCookie(confirmed));
        List<String> codes = new ArrayList<>();
        data(confirmed).get("recovery_codes").forEach(code -> codes.add(code.asText()));
        secrets.addAll(codes);
        codes.forEach(code -> secrets.add(code.replace("-", "")));

        String mfaToken = api.passwordStep(EMAIL);
        secrets.add(mfaToken);
        String second = sessionCookie(api.post("/auth/login/mfa",
                json(Map.of("mfa_session_token", mfaToken, "totp_code", api.totp(secret)))));
        secrets.add(second);
        String recoveryToken = api.passwordStep(EMAIL);
        secrets.add(recoveryToken);
        api.post("/auth/login/recovery", json(Map.of("mfa_session_token", recoveryToken, "recovery_code", "ZZZZ-ZZZZ")));
        String third = sessionCookie(api.post("/auth/login/recovery",
                json(Map.of("mfa_session_token", recoveryToken, "recovery_code", codes.get(5)))));
        secrets.add(third);
        api.get("/auth/context", second);
        api.get("/account", second);
        api.get("/sessions", second);
        api.get("/auth/context", "0".repeat(64));
        api.post("/auth/logout", "", third);

        assertThat(api.iam.mailer().sentTo(EMAIL)).isNotEmpty();
        assertThat(RecordingMailer.linkToken(api.iam.mailer().sentTo(EMAIL).getFirst())).isEqualTo(verification);
        String logText = logText();
        assertThat(logText).contains("POST /api/v1/auth/login/mfa 200").contains("Login failed");
        String tables;
        try (PlaintextScan scan = new PlaintextScan(api.iam)) {
            tables = scan.tables();
        }
        assertThat(tables).contains(EMAIL);
        for (String plaintext : secrets) {
            assertThat(tables).as("tables").doesNotContain(plaintext);
            assertThat(logText).as("logs").doesNotContain(plaintext);
        }
    }

    private String logText() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            text.append(event.getLoggerName()).append(' ').append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
                text.append(cause.getClassName()).append(' ').append(cause.getMessage()).append('\n');
            }
        }
        return text.toString();
    }
}
