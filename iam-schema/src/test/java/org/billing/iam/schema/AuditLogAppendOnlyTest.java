package org.billing.iam.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.billing.iam.schema.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The database itself keeps audit_log append-only, even for its owner. */
class AuditLogAppendOnlyTest {

    private HikariDataSource dataSource;

    @BeforeEach
    void insertOneEntry() throws SQLException {
        dataSource = TestPostgres.newDatabase(2);
        execute("INSERT INTO audit_log (action, category, detail) VALUES ('auth.registered', 'auth', '{}')");
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void updateIsRejected() {
        assertThatThrownBy(() -> execute("UPDATE audit_log SET action = 'auth.logout'"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThat(count("action = 'auth.registered'")).isEqualTo(1);
    }

    @Test
    void deleteIsRejected() {
        assertThatThrownBy(() -> execute("DELETE FROM audit_log"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThat(count("true")).isEqualTo(1);
    }

    @Test
    void truncateIsRejected() {
        assertThatThrownBy(() -> execute("TRUNCATE audit_log"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("append-only");
        assertThat(count("true")).isEqualTo(1);
    }

    @Test
    void insertIsAllowed() throws SQLException {
        execute("INSERT INTO audit_log (action, category) VALUES ('auth.logout', 'auth')");
        assertThat(count("true")).isEqualTo(2);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(String condition) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM audit_log WHERE " + condition)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
