package org.billing.iam.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.billing.iam.server.api.RateLimitSettings;
import org.junit.jupiter.api.Test;

/** Rate limit and clean-up interval variables. */
class LimitsConfigTest {

    @Test
    void defaultsApplyWhenUnset() {
        ServerConfig config = ConfigLoader.load(external());

        assertThat(config.rateLimits()).isEqualTo(RateLimitSettings.DEFAULTS);
        assertThat(config.rateLimits().userPerMinute()).isEqualTo(100);
        assertThat(config.cleanupInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void everyLimitIsRead() {
        Map<String, String> environment = external();
        environment.put("IAM_RATE_LIMIT_SIGN_IN_PER_MINUTE", "11");
        environment.put("IAM_RATE_LIMIT_REGISTRATION_PER_HOUR", "12");
        environment.put("IAM_RATE_LIMIT_PASSWORD_RESET_PER_HOUR", "13");
        environment.put("IAM_RATE_LIMIT_RESET_EMAIL_PER_HOUR", "14");
        environment.put("IAM_RATE_LIMIT_USER_PER_MINUTE", " 15 ");

        assertThat(ConfigLoader.load(environment).rateLimits()).isEqualTo(new RateLimitSettings(11, 12, 13, 14, 15));
    }

    @Test
    void invalidLimitNamesVariable() {
        for (String value : new String[] {"0", "-5", "ten", "1.5", "1000001", "99999999999"}) {
            Map<String, String> environment = external();
            environment.put("IAM_RATE_LIMIT_USER_PER_MINUTE", value);

            assertThatThrownBy(() -> ConfigLoader.load(environment)).as(value)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("IAM_RATE_LIMIT_USER_PER_MINUTE must be a whole number of requests");
        }
    }

    @Test
    void cleanupIntervalTakesMinutesOrIsoDuration() {
        assertThat(interval("15")).isEqualTo(Duration.ofMinutes(15));
        assertThat(interval("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(interval("pt2h")).isEqualTo(Duration.ofHours(2));
        assertThat(interval("P1D")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void invalidCleanupIntervalNamesVariable() {
        for (String value : new String[] {"0", "PT0S", "-PT1H", "PT0.5S", "hourly", "1h", "9999999", "P31D",
                "PT9999999999999999999H"}) {
            Map<String, String> environment = external();
            environment.put("IAM_CLEANUP_INTERVAL", value);

            assertThatThrownBy(() -> ConfigLoader.load(environment)).as(value)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("IAM_CLEANUP_INTERVAL must be a whole number of minutes");
        }
    }

    private static Duration interval(String value) {
        Map<String, String> environment = external();
        environment.put("IAM_CLEANUP_INTERVAL", value);
        return ConfigLoader.load(environment).cleanupInterval();
    }

    private static Map<String, String> external() {
        Map<String, String> environment = new HashMap<>();
        environment.put("IAM_DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/iam");
        environment.put("IAM_TOTP_ENCRYPTION_KEY", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
        environment.put("IAM_SESSION_SECRET", "f0e1d2c3b4a5968778695a4b3c2d1e0f".repeat(2));
        return environment;
    }
}
