package org.billing.iam.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.billing.iam.core.testing.TestIam;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatementWatchdogTest {

    private final TestIam iam = TestIam.start();

    @AfterEach
    void close() {
        iam.close();
    }

    /** Takes a connection from the test pool; closing it returns it. */
    private Connection connection() {
        return iam.db().configuration().connectionProvider().acquire();
    }

    @Test
    void overdueStatementIsCancelled() throws Exception {
        try (Connection connection = connection();
                PreparedStatement sleep = connection.prepareStatement("SELECT pg_sleep(30)");
                StatementWatchdog.Watch watch = StatementWatchdog.watch(sleep, Duration.ofMillis(200))) {
            assertThatThrownBy(sleep::executeQuery)
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
        }
    }

    @Test
    void finishedStatementIsLeftAlone() throws Exception {
        try (Connection connection = connection()) {
            try (PreparedStatement quick = connection.prepareStatement("SELECT 1");
                    StatementWatchdog.Watch watch = StatementWatchdog.watch(quick, Duration.ofMillis(1));
                    ResultSet row = quick.executeQuery()) {
                assertThat(row.next()).isTrue();
            }
            StatementWatchdog.cancelOverdue(System.nanoTime() + Duration.ofDays(1).toNanos());

            try (PreparedStatement later = connection.prepareStatement("SELECT pg_sleep(0.5), 2");
                    ResultSet row = later.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getInt(2)).isEqualTo(2);
            }
        }
    }
}
