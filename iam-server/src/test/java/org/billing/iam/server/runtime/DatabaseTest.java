package org.billing.iam.server.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.billing.iam.server.config.ConfigException;
import org.billing.iam.server.config.ConfigLoader;
import org.billing.iam.server.config.ServerConfig;
import org.junit.jupiter.api.Test;

class DatabaseTest {

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
}
