package org.billing.iam.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedSecretsTest {

    private static final String TOTP_KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @TempDir
    Path temp;

    @Test
    void missingSecretsAreGeneratedOwnerOnly() throws Exception {
        Path dataDirectory = temp.resolve("iam-data");

        Secrets secrets = ConfigLoader.load(Map.of("IAM_DATA_DIR", dataDirectory.toString())).secrets();

        assertThat(secrets.totpEncryptionKey()).hasSize(32);
        assertThat(secrets.sessionSecret()).hasSize(32);
        Path file = dataDirectory.resolve("secrets.properties");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(dataDirectory)).isEqualTo("rwx------");
        Properties stored = read(file);
        assertThat(stored.getProperty("IAM_TOTP_ENCRYPTION_KEY"))
                .isEqualTo(HexFormat.of().formatHex(secrets.totpEncryptionKey()));
        assertThat(stored.getProperty("IAM_SESSION_SECRET"))
                .isEqualTo(HexFormat.of().formatHex(secrets.sessionSecret()));
    }

    @Test
    void embeddedDatabasePasswordIsGeneratedOnceAndHidden() throws Exception {
        Path dataDirectory = temp.resolve("iam-data");
        Map<String, String> environment = Map.of("IAM_DATA_DIR", dataDirectory.toString());

        DatabaseSettings first = ConfigLoader.load(environment).database();
        DatabaseSettings second = ConfigLoader.load(environment).database();

        assertThat(first.isEmbedded()).isTrue();
        assertThat(first.user()).isEqualTo("postgres");
        assertThat(first.password()).matches("[0-9a-f]{64}");
        assertThat(second.password()).isEqualTo(first.password());
        assertThat(read(dataDirectory.resolve("secrets.properties")).getProperty("embedded_postgres_password"))
                .isEqualTo(first.password());
        assertThat(first.toString()).doesNotContain(first.password());
    }

    @Test
    void missingPasswordOfProtectedClusterStopsStartup() throws Exception {
        Path dataDirectory = temp.resolve("iam-data");
        Map<String, String> environment = Map.of("IAM_DATA_DIR", dataDirectory.toString());
        ConfigLoader.load(environment);
        Path file = dataDirectory.resolve("secrets.properties");
        Properties stored = read(file);
        stored.remove("embedded_postgres_password");
        try (var writer = Files.newBufferedWriter(file)) {
            stored.store(writer, null);
        }
        Files.createDirectories(dataDirectory.resolve("postgres"));
        Files.writeString(dataDirectory.resolve("postgres/pg_hba.conf"), "host all all 127.0.0.1/32 scram-sha-256\n");
        String before = Files.readString(file);

        assertThatThrownBy(() -> ConfigLoader.load(environment))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("embedded_postgres_password is missing from " + file);
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void secretsPathThatIsADirectoryIsRejectedUnchanged() throws Exception {
        Path dataDirectory = temp.resolve("iam-data");
        Files.createDirectories(dataDirectory.resolve("secrets.properties"));
        String mode = mode(dataDirectory.resolve("secrets.properties"));

        assertThatThrownBy(() -> ConfigLoader.load(Map.of("IAM_DATA_DIR", dataDirectory.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a regular file");
        assertThat(mode(dataDirectory.resolve("secrets.properties"))).isEqualTo(mode);
    }

    @Test
    void trustingClusterGetsGeneratedPassword() throws Exception {
        Path dataDirectory = temp.resolve("iam-data");
        Files.createDirectories(dataDirectory.resolve("postgres"));
        Files.writeString(dataDirectory.resolve("postgres/pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");

        DatabaseSettings database = ConfigLoader.load(Map.of("IAM_DATA_DIR", dataDirectory.toString())).database();

        assertThat(database.password()).matches("[0-9a-f]{64}");
    }

    @Test
    void generatedSecretsAreReusedOnLaterStarts() {
        Map<String, String> environment = Map.of("IAM_DATA_DIR", temp.resolve("iam-data").toString());

        Secrets first = ConfigLoader.load(environment).secrets();
        Secrets second = ConfigLoader.load(environment).secrets();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void environmentSecretWinsAndIsNotStored() throws Exception {
        Path dataDirectory = temp.resolve("iam-data");

        Secrets secrets = ConfigLoader.load(Map.of("IAM_DATA_DIR", dataDirectory.toString(),
                "IAM_TOTP_ENCRYPTION_KEY", TOTP_KEY)).secrets();

        assertThat(secrets.totpEncryptionKey()).isEqualTo(HexFormat.of().parseHex(TOTP_KEY));
        Properties stored = read(dataDirectory.resolve("secrets.properties"));
        assertThat(stored.getProperty("IAM_TOTP_ENCRYPTION_KEY")).isNull();
        assertThat(stored.getProperty("IAM_SESSION_SECRET")).hasSize(64);
    }

    @Test
    void looseExistingPermissionsAreTightened() throws Exception {
        Path dataDirectory = Files.createDirectory(temp.resolve("iam-data"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        ConfigLoader.load(Map.of("IAM_DATA_DIR", dataDirectory.toString()));
        Path file = dataDirectory.resolve("secrets.properties");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dataDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));

        ConfigLoader.load(Map.of("IAM_DATA_DIR", dataDirectory.toString()));

        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(dataDirectory)).isEqualTo("rwx------");
    }

    @Test
    void corruptStoredSecretNamesVariableAndFile() throws Exception {
        Path dataDirectory = temp.resolve("iam-data");
        ConfigLoader.load(Map.of("IAM_DATA_DIR", dataDirectory.toString()));
        Path file = dataDirectory.resolve("secrets.properties");
        Files.writeString(file, "IAM_TOTP_ENCRYPTION_KEY=abc123\nIAM_SESSION_SECRET=" + "ab".repeat(32) + "\n");

        assertThatThrownBy(() -> ConfigLoader.load(Map.of("IAM_DATA_DIR", dataDirectory.toString())))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("IAM_TOTP_ENCRYPTION_KEY in " + file)
                .hasMessageNotContaining("abc123");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static Properties read(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
