package org.billing.iam.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.billing.iam.core.crypto.Totp;
import org.billing.iam.server.cli.CommandContext;
import org.billing.iam.server.cli.ServeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signs up through the {@code serve} command's own wiring: embedded PostgreSQL, the
 * production Argon2id hasher, generated secrets, the system clock and the mail outbox.
 */
class StandardFeaturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERIFY_LINK = Pattern.compile("/verify-email\\?token=([0-9a-f]{64})");

    @TempDir
    Path temp;

    private final HttpClient client = HttpClient.newHttpClient();
    private int port;

    @Test
    void signUpThroughServeWiring() throws Exception {
        Path dataDirectory = temp.resolve("iam-data");
        PrintStream sink = new PrintStream(new ByteArrayOutputStream());
        CommandContext context = new CommandContext(
                Map.of("IAM_DATA_DIR", dataDirectory.toString(), "IAM_HTTP_PORT", "0"), sink, sink, Clock.systemUTC());
        IamServer server = new ServeCommand().start(context);
        try {
            port = server.port();
            String password = "Serve-Wiring-1234";
            assertThat(post("/auth/register", "{\"email\":\"serve@example.org\",\"password\":\"" + password
                    + "\",\"full_name\":\"Dr. Serve\"}", null).statusCode()).isEqualTo(201);

            String token = verificationToken(dataDirectory.resolve("outbox"));
            assertThat(post("/auth/verify-email", "{\"token\":\"" + token + "\"}", null).statusCode()).isEqualTo(200);
            String mfaToken = data(post("/auth/login",
                    "{\"email\":\"serve@example.org\",\"password\":\"" + password + "\"}", null))
                    .get("mfa_session_token").asText();
            String secret = data(post("/auth/mfa/setup", "{\"mfa_session_token\":\"" + mfaToken + "\"}", null))
                    .get("manual_key").asText();
            String code = Totp.code(secret, new Totp(Clock.systemUTC()).currentStep());
            HttpResponse<String> confirmed = post("/auth/mfa/confirm",
                    "{\"mfa_session_token\":\"" + mfaToken + "\",\"totp_code\":\"" + code + "\"}", null);
            assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
            String cookie = confirmed.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

            HttpResponse<String> authContext = client.send(HttpRequest.newBuilder(uri("/auth/context"))
                    .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(authContext.statusCode()).isEqualTo(200);
            assertThat(data(authContext).get("role").asText()).isEqualTo("PHYSICIAN");
            String storedHash = query(server, "SELECT password_hash FROM users");
            assertThat(storedHash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        } finally {
            server.stop();
        }
    }

    private static String verificationToken(Path outbox) throws Exception {
        try (Stream<Path> files = Files.list(outbox)) {
            Path mail = files.filter(file -> file.toString().endsWith(".eml")).findFirst().orElseThrow();
            Matcher link = VERIFY_LINK.matcher(Files.readString(mail));
            assertThat(link.find()).as("verification link in " + mail).isTrue();
            return link.group(1);
        }
    }

    private HttpResponse<String> post(String path, String json, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/api/v1" + path);
    }

    private static JsonNode data(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("data");
    }

    private static String query(IamServer server, String sql) throws Exception {
        try (var connection = server.database().dataSource().getConnection();
                var statement = connection.createStatement();
                var result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }
}
