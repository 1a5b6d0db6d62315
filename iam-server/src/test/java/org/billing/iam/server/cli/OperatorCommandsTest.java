package org.billing.iam.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.billing.iam.schema.testing.TestPostgres;
import org.billing.iam.server.runtime.IamServer;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands through {@link CommandLine#standard()}, against a fresh database on the
 * test PostgreSQL server in external mode, with mail written to the outbox of a temporary data
 * directory.
 */
class OperatorCommandsTest {

    private static final String TOTP_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String SESSION_SECRET = "f0e1d2c3b4a5968778695a4b3c2d1e0f".repeat(2);
    private static final Pattern RESET_LINK = Pattern.compile("/reset-password\\?token=([0-9a-f]{64})");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> environment = new HashMap<>();
    private HikariDataSource dataSource;
    private DSLContext db;

    @BeforeEach
    void start() {
        dataSource = TestPostgres.newDatabase(4);
        db = DSL.using(dataSource, SQLDialect.POSTGRES);
        environment.put("IAM_DATABASE_URL", dataSource.getJdbcUrl());
        environment.put("IAM_DATABASE_USER", "postgres");
        environment.put("IAM_TOTP_ENCRYPTION_KEY", TOTP_KEY);
        environment.put("IAM_SESSION_SECRET", SESSION_SECRET);
        environment.put("IAM_DATA_DIR", temp.resolve("iam-data").toString());
        environment.put("IAM_HTTP_PORT", "0");
    }

    @AfterEach
    void stop() {
        dataSource.close();
    }

    @Test
    void usageListsOperatorCommands() {
        assertThat(run("help")).isZero();

        assertThat(out()).contains("  cleanup ").contains("  create-admin EMAIL \"FULL NAME\" ")
                .contains("  subscription EMAIL STATUS ");
    }

    @Test
    void wrongArgumentsExit2() {
        assertThat(run("cleanup", "now")).isEqualTo(CommandLine.EXIT_USAGE);
        assertThat(run("create-admin", "admin@example.org")).isEqualTo(CommandLine.EXIT_USAGE);
        assertThat(run("subscription", "dr@example.org")).isEqualTo(CommandLine.EXIT_USAGE);
        assertThat(run("subscription", "dr@example.org", "FREE")).isEqualTo(CommandLine.EXIT_USAGE);

        assertThat(err()).contains("cleanup takes no arguments.")
                .contains("create-admin takes an email and a full name")
                .contains("Unknown subscription status 'FREE';"
                        + " use one of TRIAL, ACTIVE, PAST_DUE, SUSPENDED, CANCELLED.");
    }

    @Test
    void createdAdminSetsPasswordThenEnrolsMfa() throws Exception {
        assertThat(run("create-admin", "Admin@Example.org", "Ada Operator")).as(err()).isZero();
        assertThat(out()).startsWith("Created administrator ").contains("admin@example.org");
        assertThat(db.fetchValue("SELECT role FROM users WHERE email = 'admin@example.org'")).isEqualTo("ADMIN");
        assertThat(db.fetchValue("SELECT detail->>'result' FROM audit_log WHERE action = 'auth.registered'"))
                .isEqualTo("provisioned_by_operator");
        String token = outboxToken();
        assertThat(run("create-admin", "admin@example.org", "Ada Again")).isEqualTo(CommandLine.EXIT_FAILURE);
        assertThat(err()).contains("An account with this email already exists.");

        IamServer server = new ServeCommand().start(context());
        try {
            String password = "Admin-Password-2026!";
            HttpResponse<String> reset = post(server, "/auth/password/reset",
                    "{\"token\":\"" + token + "\",\"new_password\":\"" + password + "\"}");
            assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);

            HttpResponse<String> login = post(server, "/auth/login",
                    "{\"email\":\"admin@example.org\",\"password\":\"" + password + "\"}");

            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            JsonNode data = JSON.readTree(login.body()).get("data");
            assertThat(data.get("mfa_setup_required").asBoolean()).isTrue();
        } finally {
            server.stop();
        }
    }

    @Test
    void subscriptionChangesAreAudited() {
        assertThat(run("create-admin", "owner@example.org", "Dr. Owner")).isZero();

        assertThat(run("subscription", "owner@example.org", "past_due")).as(err()).isZero();
        assertThat(run("subscription", "OWNER@example.org", "SUSPENDED")).isZero();
        assertThat(run("subscription", "owner@example.org", "SUSPENDED")).isZero();
        assertThat(run("subscription", "owner@example.org", "ACTIVE")).isZero();
        assertThat(run("subscription", "nobody@example.org", "ACTIVE")).isEqualTo(CommandLine.EXIT_FAILURE);

        assertThat(out()).contains("Subscription of owner@example.org changed from TRIAL to PAST_DUE.")
                .contains("changed from PAST_DUE to SUSPENDED.")
                .contains("is already SUSPENDED; nothing changed.")
                .contains("changed from SUSPENDED to ACTIVE.");
        assertThat(err()).contains("Failed to set the subscription: No account has this email.");
        assertThat(db.fetchValue("SELECT subscription_status FROM users")).isEqualTo("ACTIVE");
        assertThat(db.fetch("SELECT action FROM audit_log WHERE action LIKE 'account.%' ORDER BY created_at, log_id")
                .getValues(0, String.class))
                .containsExactlyInAnyOrder("account.updated", "account.suspended", "account.reactivated");
    }

    @Test
    void cleanupPrintsRowsRemoved() {
        assertThat(run("create-admin", "old@example.org", "Old Sessions")).isZero();
        insertEndedSession();
        db.execute("INSERT INTO rate_limit_counters (counter_key, window_start, window_end, request_count)"
                + " VALUES ('" + "a".repeat(64) + "', now() - interval '2 hours', now() - interval '1 hour', 3)");

        assertThat(run("cleanup")).as(err()).isZero();

        assertThat(out()).contains("Deleted 1 session(s) and 1 rate-limit counter(s).");
        assertThat(db.fetchCount(DSL.table("sessions"))).isZero();
        assertThat(db.fetchCount(DSL.table("rate_limit_counters"))).isZero();
    }

    @Test
    void serveRunsCleanupOnInterval() throws Exception {
        assertThat(run("create-admin", "interval@example.org", "Interval Check")).isZero();
        insertEndedSession();
        environment.put("IAM_CLEANUP_INTERVAL", "PT1S");

        IamServer server = new ServeCommand().start(context());
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (db.fetchCount(DSL.table("sessions")) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            server.stop();
        }

        assertThat(db.fetchCount(DSL.table("sessions"))).isZero();
    }

    private void insertEndedSession() {
        db.execute("INSERT INTO sessions (user_id, token_hash, ip_address, user_agent, created_at, last_active_at,"
                + " revoked, revoked_reason) SELECT user_id, '" + "b".repeat(64) + "', '127.0.0.1', 'JUnit',"
                + " now() - interval '40 days', now() - interval '40 days', true, 'logout' FROM users LIMIT 1");
    }

    private String outboxToken() throws Exception {
        try (Stream<Path> files = Files.list(temp.resolve("iam-data").resolve("outbox"))) {
            List<Path> mails = files.filter(file -> file.toString().endsWith(".eml")).toList();
            assertThat(mails).hasSize(1);
            Matcher link = RESET_LINK.matcher(Files.readString(mails.getFirst()));
            assertThat(link.find()).as("reset link in the enrolment email").isTrue();
            return link.group(1);
        }
    }

    private static HttpResponse<String> post(IamServer server, String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private int run(String... args) {
        return CommandLine.standard().run(args, context());
    }

    private CommandContext context() {
        return new CommandContext(Map.copyOf(environment), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
