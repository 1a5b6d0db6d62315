package org.billing.iam.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabasePasswordTest {

    private static final String PASSWORD = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path temp;

    @Test
    void durableClusterRejectsConnectionsWithoutThePassword() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.startDurable(temp.resolve("pg"), PASSWORD)) {
            assertThat(selectOne(database, PASSWORD)).isEqualTo(1);
            assertThatThrownBy(() -> selectOne(database, null))
                    .isInstanceOf(SQLException.class)
                    // 08004: the driver rejects the connection when the server requests a password and none is set.
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("08004", "28P01"));
            assertThatThrownBy(() -> selectOne(database, "wrong"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
            assertThat(Files.readString(temp.resolve("pg/pg_hba.conf"))).doesNotContain("trust");
        }
    }

    @Test
    void trustClusterConvertedWithData() throws Exception {
        Path directory = temp.resolve("pg");
        try (EmbeddedDatabase trusting = EmbeddedDatabase.start(directory)) {
            execute(trusting, null, "CREATE TABLE kept (id int)");
            execute(trusting, null, "INSERT INTO kept VALUES (42)");
        }

        try (EmbeddedDatabase converted = EmbeddedDatabase.startDurable(directory, PASSWORD)) {
            assertThat(query(converted, PASSWORD, "SELECT id FROM kept")).isEqualTo(42);
            assertThatThrownBy(() -> selectOne(converted, null)).isInstanceOf(SQLException.class);
        }
        try (EmbeddedDatabase restarted = EmbeddedDatabase.startDurable(directory, PASSWORD)) {
            assertThat(query(restarted, PASSWORD, "SELECT id FROM kept")).isEqualTo(42);
        }
    }

    @Test
    void restartWithAnotherPasswordIsRejected() {
        Path directory = temp.resolve("pg");
        EmbeddedDatabase.startDurable(directory, PASSWORD).close();

        assertThatThrownBy(() -> EmbeddedDatabase.startDurable(directory, PASSWORD.replace('0', 'f')))
                .isInstanceOf(EmbeddedDatabase.PasswordRejectedException.class)
                .hasMessageNotContaining(PASSWORD)
                .hasMessageNotContaining(PASSWORD.replace('0', 'f'));
    }

    private static int selectOne(EmbeddedDatabase database, String password) throws SQLException {
        return query(database, password, "SELECT 1");
    }

    private static int query(EmbeddedDatabase database, String password, String sql) throws SQLException {
        try (Connection connection = connect(database, password);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getInt(1);
        }
    }

    private static void execute(EmbeddedDatabase database, String password, String sql) throws SQLException {
        try (Connection connection = connect(database, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Connects over loopback TCP as any local user could, with or without a password. */
    private static Connection connect(EmbeddedDatabase database, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", EmbeddedDatabase.SUPERUSER);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + database.port() + "/postgres", properties);
    }
}
