package org.billing.iam.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.billing.iam.server.config.ConfigException;
import org.billing.iam.server.config.ConfigLoader;
import org.billing.iam.server.config.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path temp;

    @Test
    void unreachableExternalDatabaseNamesVariable() {
        ServerConfig config = ConfigLoader.load(Map.of(
                "IAM_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/iam?connectTimeout=2",
                "IAM_DATABASE_PASSWORD", "db-password-never-shown",
                "IAM_DATABASE_USER", "iam",
                "IAM_TOTP_ENCRYPTION_KEY", "ab".repeat(32),
                "IAM_SESSION_SECRET", "cd".repeat(32)));

        assertThatThrownBy(() -> Database.open(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Failed to connect to the external database given by IAM_DATABASE_URL")
                .hasMessageNotContaining("db-password-never-shown");
    }

    @Test
    void embeddedDatabaseFlushesEveryCommit() throws SQLException {
        ServerConfig config = ConfigLoader.load(Map.of("IAM_DATA_DIR", temp.resolve("data").toString()));

        try (Database database = Database.open(config)) {
            assertThat(setting(database, "fsync")).isEqualTo("on");
            assertThat(setting(database, "synchronous_commit")).isEqualTo("on");
        }
    }

    @Test
    void dataDirectoryInUseNamesVariable() {
        ServerConfig config = ConfigLoader.load(Map.of("IAM_DATA_DIR", temp.resolve("data").toString()));

        try (Database first = Database.open(config)) {
            assertThatThrownBy(() -> Database.open(config))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("IAM_DATA_DIR " + config.dataDirectory() + " is in use");
        }
    }

    private static String setting(Database database, String name) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SHOW " + name)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }
}
