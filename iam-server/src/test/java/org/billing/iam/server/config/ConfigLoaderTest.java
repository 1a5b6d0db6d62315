package org.billing.iam.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.billing.iam.core.mail.SmtpSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String TOTP_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final String SESSION_SECRET = "f0e1d2c3b4a5968778695a4b3c2d1e0f".repeat(2);

    @TempDir
    Path temp;

    @Test
    void embeddedDefaults() {
        ServerConfig config = ConfigLoader.load(Map.of("IAM_DATA_DIR", temp.resolve("data").toString()));

        assertThat(config.database().isEmbedded()).isTrue();
        assertThat(config.dataDirectory()).isEqualTo(temp.resolve("data"));
        assertThat(config.httpHost()).isEqualTo("127.0.0.1");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.publicUrl()).isEqualTo("http://localhost:8080");
        assertThat(config.trustedProxies().isEmpty()).isTrue();
        assertThat(config.smtp()).isEmpty();
        assertThat(config.mailFrom()).isEqualTo("no-reply@localhost");
        assertThat(config.outboxDirectory()).isEqualTo(temp.resolve("data/outbox"));
        assertThat(config.postgresDirectory()).isEqualTo(temp.resolve("data/postgres"));
    }

    @Test
    void defaultDataDirectoryIsRelativeToWorkingDirectory() {
        ServerConfig config = ConfigLoader.load(external());

        assertThat(config.dataDirectory()).isEqualTo(Path.of("iam-data").toAbsolutePath());
    }

    @Test
    void externalModeReadsEverything() {
        Map<String, String> environment = external();
        environment.put("IAM_DATABASE_USER", "iam");
        environment.put("IAM_DATABASE_PASSWORD", "db-password");
        environment.put("IAM_HTTP_HOST", "0.0.0.0");
        environment.put("IAM_HTTP_PORT", "9090");
        environment.put("IAM_PUBLIC_URL", "https://iam.example.org/");
        environment.put("IAM_TRUSTED_PROXIES", "10.0.0.0/8, ::1");
        environment.put("IAM_SMTP_HOST", "smtp.example.org");
        environment.put("IAM_SMTP_PORT", "2525");
        environment.put("IAM_SMTP_USERNAME", "mailer");
        environment.put("IAM_SMTP_PASSWORD", "smtp-password");
        environment.put("IAM_SMTP_FROM", "Billing <no-reply@example.org>");
        environment.put("IAM_SMTP_STARTTLS", "FALSE");

        ServerConfig config = ConfigLoader.load(environment);

        assertThat(config.database().isEmbedded()).isFalse();
        assertThat(config.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/iam");
        assertThat(config.database().user()).isEqualTo("iam");
        assertThat(config.database().toString()).doesNotContain("db-password");
        assertThat(config.httpHost()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.publicUrl()).isEqualTo("https://iam.example.org");
        assertThat(config.link("/verify-email?token=x")).isEqualTo("https://iam.example.org/verify-email?token=x");
        assertThat(config.trustedProxies().toString()).isEqualTo("[10.0.0.0/8, ::1/128]");
        SmtpSettings smtp = config.smtp().orElseThrow();
        assertThat(smtp.host()).isEqualTo("smtp.example.org");
        assertThat(smtp.port()).isEqualTo(2525);
        assertThat(smtp.username()).isEqualTo("mailer");
        assertThat(smtp.password()).isEqualTo("smtp-password");
        assertThat(smtp.from()).isEqualTo("Billing <no-reply@example.org>");
        assertThat(smtp.startTls()).isFalse();
        assertThat(config.secrets().totpEncryptionKey()).isEqualTo(HexFormat.of().parseHex(TOTP_KEY));
        assertThat(config.secrets().sessionSecret()).isEqualTo(HexFormat.of().parseHex(SESSION_SECRET));
        assertThat(config.secrets().toString()).doesNotContain(TOTP_KEY).doesNotContain(SESSION_SECRET);
    }

    @Test
    void smtpDefaultsToPort587WithRequiredStartTls() {
        Map<String, String> environment = external();
        environment.put("IAM_SMTP_HOST", "smtp.example.org");

        SmtpSettings smtp = ConfigLoader.load(environment).smtp().orElseThrow();

        assertThat(smtp.port()).isEqualTo(587);
        assertThat(smtp.startTls()).isTrue();
        assertThat(smtp.authenticates()).isFalse();
    }

    @Test
    void externalModeMissingSecretNamesVariable() {
        Map<String, String> withoutTotp = external();
        withoutTotp.remove("IAM_TOTP_ENCRYPTION_KEY");
        Map<String, String> withoutSession = external();
        withoutSession.put("IAM_SESSION_SECRET", "   ");

        assertInvalid(withoutTotp, "IAM_TOTP_ENCRYPTION_KEY is required when IAM_DATABASE_URL is set");
        assertInvalid(withoutSession, "IAM_SESSION_SECRET is required when IAM_DATABASE_URL is set");
    }

    @Test
    void malformedSecretsNameVariableWithoutEchoingValue() {
        String shortKey = "abcdef0123456789";
        String notHex = "zz".repeat(32);
        String shortSecret = "ab".repeat(31);

        assertInvalidSecret("IAM_TOTP_ENCRYPTION_KEY", shortKey, "exactly 64 hex characters");
        assertInvalidSecret("IAM_TOTP_ENCRYPTION_KEY", TOTP_KEY + "00", "exactly 64 hex characters");
        assertInvalidSecret("IAM_TOTP_ENCRYPTION_KEY", notHex, "must be hex text");
        assertInvalidSecret("IAM_SESSION_SECRET", shortSecret, "at least 32 bytes");
        assertInvalidSecret("IAM_SESSION_SECRET", notHex + "a", "must be hex text");
    }

    @Test
    void longerSessionSecretIsAccepted() {
        Map<String, String> environment = external();
        environment.put("IAM_SESSION_SECRET", "AB".repeat(64));

        assertThat(ConfigLoader.load(environment).secrets().sessionSecret()).hasSize(64);
    }

    @Test
    void invalidPlainValuesNameVariable() {
        assertInvalid(with("IAM_HTTP_PORT", "http"), "IAM_HTTP_PORT must be a whole number from 0 to 65535");
        assertInvalid(with("IAM_HTTP_PORT", "70000"), "IAM_HTTP_PORT must be a whole number from 0 to 65535");
        assertInvalid(with("IAM_HTTP_PORT", "-1"), "IAM_HTTP_PORT");
        assertInvalid(with("IAM_PUBLIC_URL", "iam.example.org"), "IAM_PUBLIC_URL must be an http or https URL");
        assertInvalid(with("IAM_PUBLIC_URL", "https://iam.example.org/?a=b"), "IAM_PUBLIC_URL");
        assertInvalid(with("IAM_PUBLIC_URL", "ftp://iam.example.org"), "IAM_PUBLIC_URL");
        assertInvalid(with("IAM_TRUSTED_PROXIES", "10.0.0.0/8,proxy"), "IAM_TRUSTED_PROXIES");
        assertInvalid(with("IAM_SMTP_FROM", "not an address"), "IAM_SMTP_FROM must be an email address");
        assertInvalid(with("IAM_DATABASE_URL", "postgres://db/iam"), "IAM_DATABASE_URL must be a PostgreSQL JDBC URL");
    }

    @Test
    void databaseUrlIsNotEchoed() {
        assertThatThrownBy(() -> ConfigLoader.load(with("IAM_DATABASE_URL", "mysql://u:hunter2@db/iam")))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void smtpSettingsWithoutHostAreRejected() {
        Map<String, String> environment = external();
        environment.put("IAM_SMTP_USERNAME", "mailer");

        assertInvalid(environment, "IAM_SMTP_USERNAME is set but IAM_SMTP_HOST is not");
    }

    @Test
    void smtpUsernameNeedsPassword() {
        Map<String, String> environment = external();
        environment.put("IAM_SMTP_HOST", "smtp.example.org");
        environment.put("IAM_SMTP_USERNAME", "mailer");

        assertInvalid(environment, "IAM_SMTP_USERNAME and IAM_SMTP_PASSWORD must be set together");
    }

    @Test
    void smtpStartTlsAcceptsOnlyBooleans() {
        Map<String, String> environment = external();
        environment.put("IAM_SMTP_HOST", "smtp.example.org");
        environment.put("IAM_SMTP_STARTTLS", "yes");

        assertInvalid(environment, "IAM_SMTP_STARTTLS must be true or false");
    }

    @Test
    void databaseUserWithoutUrlIsRejected() {
        Map<String, String> environment = new HashMap<>();
        environment.put("IAM_DATA_DIR", temp.toString());
        environment.put("IAM_DATABASE_USER", "iam");

        assertInvalid(environment, "IAM_DATABASE_USER is set but IAM_DATABASE_URL is not");
    }

    @Test
    void dataDirectoryThatIsAFileIsRejected() throws Exception {
        Path file = Files.createFile(temp.resolve("plain-file"));

        assertInvalid(Map.of("IAM_DATA_DIR", file.toString()), "IAM_DATA_DIR");
    }

    private Map<String, String> external() {
        Map<String, String> environment = new HashMap<>();
        environment.put("IAM_DATABASE_URL", "jdbc:postgresql://db.internal:5432/iam");
        environment.put("IAM_TOTP_ENCRYPTION_KEY", TOTP_KEY);
        environment.put("IAM_SESSION_SECRET", SESSION_SECRET);
        return environment;
    }

    private Map<String, String> with(String name, String value) {
        Map<String, String> environment = external();
        environment.put(name, value);
        return environment;
    }

    private void assertInvalidSecret(String name, String value, String rule) {
        assertThatThrownBy(() -> ConfigLoader.load(with(name, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(name)
                .hasMessageContaining(rule)
                .hasMessageNotContaining(value);
    }

    private static void assertInvalid(Map<String, String> environment, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(environment))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }
}
