package org.billing.iam.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.billing.iam.core.mail.EmailMessage;
import org.billing.iam.server.cli.CommandContext;
import org.billing.iam.server.cli.MigrateCommand;
import org.billing.iam.server.cli.ServeCommand;
import org.billing.iam.server.config.Secrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real {@code serve} start-up twice on one data directory with embedded PostgreSQL. */
class ServeRestartTest {

    @TempDir
    Path temp;

    @Test
    void restartKeepsDataAndGeneratedSecrets() throws Exception {
        Path dataDirectory = temp.resolve("iam-data");
        CommandContext context = context(Map.of("IAM_DATA_DIR", dataDirectory.toString(), "IAM_HTTP_PORT", "0"));
        ServeCommand serve = new ServeCommand();

        IamServer first = serve.start(context);
        Secrets firstSecrets;
        try {
            assertThat(first.database().mode()).isEqualTo("embedded");
            assertThat(get(first, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(get(first, "/verify-email?token=abc").statusCode()).isEqualTo(200);
            execute(first, "INSERT INTO users (email, password_hash, full_name) VALUES ('kept@example.org', 'x', 'Kept')");
            firstSecrets = first.config().secrets();
        } finally {
            first.stop();
        }
        first.stop();

        IamServer second = serve.start(context);
        try {
            assertThat(get(second, "/health/ready").statusCode()).isEqualTo(200);
            assertThat(queryString(second, "SELECT full_name FROM users WHERE email = 'kept@example.org'"))
                    .isEqualTo("Kept");
            assertThat(second.config().secrets()).isEqualTo(firstSecrets);
            assertThat(Files.isDirectory(dataDirectory.resolve("postgres"))).isTrue();
            assertThat(Files.exists(dataDirectory.resolve("secrets.properties"))).isTrue();
            assertThat(passwordlessLogin(dataDirectory)).isIn("08004", "28P01");
        } finally {
            second.stop();
        }
    }

    /** Tries the embedded database as another local user would, and returns the SQLState of the failure. */
    private static String passwordlessLogin(Path dataDirectory) throws Exception {
        String port = Files.readAllLines(dataDirectory.resolve("postgres/postmaster.pid")).get(3).strip();
        try (Connection ignored = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/iam?user=postgres")) {
            return "connected without a password";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    @Test
    void migrateCommandThenServeWritesOutboxMail() throws Exception {
        Path dataDirectory = temp.resolve("iam-data");
        CommandContext context = context(Map.of("IAM_DATA_DIR", dataDirectory.toString(), "IAM_HTTP_PORT", "0"));
        AtomicMailer captured = new AtomicMailer();

        assertThat(new MigrateCommand().run(java.util.List.of(), context)).isZero();
        IamServer server = new ServeCommand(platform -> {
            captured.platform = platform;
            return Features.standard().modules(platform);
        }).start(context);
        try {
            captured.platform.mailer().send(new EmailMessage("a@example.org", "Hello", "Body"));
        } finally {
            server.stop();
        }

        try (Stream<Path> files = Files.list(dataDirectory.resolve("outbox"))) {
            assertThat(files.filter(file -> file.toString().endsWith(".eml")).count()).isEqualTo(1);
        }
    }

    private static final class AtomicMailer {
        private volatile Platform platform;
    }

    private static CommandContext context(Map<String, String> environment) {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        return new CommandContext(environment, sink, sink, Clock.systemUTC());
    }

    private static HttpResponse<String> get(IamServer server, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void execute(IamServer server, String sql) throws Exception {
        try (Connection connection = server.database().dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String queryString(IamServer server, String sql) throws Exception {
        try (Connection connection = server.database().dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }
}
