package org.billing.iam.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.billing.iam.schema.testing.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads PostgreSQL's own catalog after migrating and compares every column, key and index
 * of the tables that the existing system shares with this service. Any drift fails here.
 */
class SchemaCatalogTest {

    private static HikariDataSource dataSource;

    @BeforeAll
    static void migrate() {
        dataSource = TestPostgres.newDatabase(2);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    /** Column as the catalog reports it: type, length, nullability and default expression. */
    record Column(String name, String type, Integer length, boolean nullable, String defaultValue) {
    }

    /** Index as the catalog reports it: its columns in order and whether it is unique. */
    record Index(String name, List<String> columns, boolean unique) {
    }

    private static Column column(String name, String type, Integer length, boolean nullable, String defaultValue) {
        return new Column(name, type, length, nullable, defaultValue);
    }

    @Test
    void usersColumnsMatchTheSharedSchema() throws SQLException {
        assertThat(columns("users")).containsExactly(
                column("user_id", "uuid", null, false, "gen_random_uuid()"),
                column("email", "character varying", 255, false, null),
                column("secondary_email", "character varying", 100, true, null),
                column("password_hash", "character varying", 255, false, null),
                column("full_name", "character varying", 200, false, null),
                column("phone", "character varying", 20, true, null),
                column("role", "character varying", 20, false, "'PHYSICIAN'::character varying"),
                column("email_verified", "boolean", null, false, "false"),
                column("mfa_configured", "boolean", null, false, "false"),
                column("totp_secret_encrypted", "text", null, true, null),
                column("subscription_status", "character varying", 20, false, "'TRIAL'::character varying"),
                column("failed_login_count", "integer", null, false, "0"),
                column("locked_until", "timestamp with time zone", null, true, null),
                column("is_active", "boolean", null, false, "true"),
                column("created_at", "timestamp with time zone", null, false, "now()"),
                column("updated_at", "timestamp with time zone", null, false, "now()"));
    }

    @Test
    void usersKeysAndIndexesMatchTheSharedSchema() throws SQLException {
        assertThat(primaryKey("users")).containsExactly("user_id");
        assertThat(indexes("users")).containsExactlyInAnyOrder(
                new Index("users_pkey", List.of("user_id"), true),
                new Index("users_email_idx", List.of("email"), true),
                new Index("users_role_is_active_idx", List.of("role", "is_active"), false),
                new Index("users_subscription_status_idx", List.of("subscription_status"), false));
    }

    @Test
    void recoveryCodesMatchTheSharedSchema() throws SQLException {
        assertThat(columns("recovery_codes")).containsExactly(
                column("code_id", "uuid", null, false, "gen_random_uuid()"),
                column("user_id", "uuid", null, false, null),
                column("code_hash", "character varying", 255, false, null),
                column("used", "boolean", null, false, "false"),
                column("created_at", "timestamp with time zone", null, false, "now()"));
        assertThat(primaryKey("recovery_codes")).containsExactly("code_id");
        assertThat(foreignKeys("recovery_codes")).containsExactly(Map.entry("user_id", "users.user_id"));
        assertThat(indexes("recovery_codes")).containsExactlyInAnyOrder(
                new Index("recovery_codes_pkey", List.of("code_id"), true),
                new Index("recovery_codes_user_id_used_idx", List.of("user_id", "used"), false));
    }

    @Test
    void sessionsMatchTheSharedSchema() throws SQLException {
        assertThat(columns("sessions")).containsExactly(
                column("session_id", "uuid", null, false, "gen_random_uuid()"),
                column("user_id", "uuid", null, false, null),
                column("token_hash", "character varying", 255, false, null),
                column("ip_address", "character varying", 45, false, null),
                column("user_agent", "text", null, false, null),
                column("created_at", "timestamp with time zone", null, false, "now()"),
                column("last_active_at", "timestamp with time zone", null, false, "now()"),
                column("revoked", "boolean", null, false, "false"),
                column("revoked_reason", "character varying", 30, true, null));
        assertThat(primaryKey("sessions")).containsExactly("session_id");
        assertThat(foreignKeys("sessions")).containsExactly(Map.entry("user_id", "users.user_id"));
        assertThat(indexes("sessions")).containsExactlyInAnyOrder(
                new Index("sessions_pkey", List.of("session_id"), true),
                new Index("sessions_token_hash_idx", List.of("token_hash"), true),
                new Index("sessions_user_id_revoked_idx", List.of("user_id", "revoked"), false),
                new Index("sessions_last_active_at_idx", List.of("last_active_at"), false));
    }

    @Test
    void invitationTokensMatchTheSharedSchema() throws SQLException {
        assertThat(columns("invitation_tokens")).containsExactly(
                column("invitation_id", "uuid", null, false, "gen_random_uuid()"),
                column("physician_user_id", "uuid", null, false, null),
                column("delegate_email", "character varying", 255, false, null),
                column("token_hash", "character varying", 255, false, null),
                column("permissions", "jsonb", null, false, null),
                column("expires_at", "timestamp with time zone", null, false, null),
                column("accepted", "boolean", null, false, "false"),
                column("created_at", "timestamp with time zone", null, false, "now()"));
        assertThat(primaryKey("invitation_tokens")).containsExactly("invitation_id");
        assertThat(foreignKeys("invitation_tokens"))
                .containsExactly(Map.entry("physician_user_id", "users.user_id"));
        assertThat(indexes("invitation_tokens")).containsExactlyInAnyOrder(
                new Index("invitation_tokens_pkey", List.of("invitation_id"), true),
                new Index("invitation_tokens_token_hash_idx", List.of("token_hash"), true),
                new Index("invitation_tokens_physician_accepted_idx",
                        List.of("physician_user_id", "accepted"), false));
    }

    @Test
    void delegateLinkagesAndAuditLogHaveTheirKeysAndIndexes() throws SQLException {
        assertThat(foreignKeys("delegate_linkages")).containsOnly(
                Map.entry("physician_user_id", "users.user_id"),
                Map.entry("delegate_user_id", "users.user_id"));
        assertThat(indexes("delegate_linkages")).contains(
                new Index("delegate_linkages_physician_delegate_idx",
                        List.of("physician_user_id", "delegate_user_id"), true),
                new Index("delegate_linkages_delegate_user_id_is_active_idx",
                        List.of("delegate_user_id", "is_active"), false));
        assertThat(columns("audit_log")).extracting(Column::name).containsExactly(
                "log_id", "user_id", "action", "category", "resource_type", "resource_id",
                "detail", "ip_address", "user_agent", "created_at");
        assertThat(foreignKeys("audit_log")).containsExactly(Map.entry("user_id", "users.user_id"));
        assertThat(indexes("audit_log")).contains(
                new Index("audit_log_user_id_created_at_idx", List.of("user_id", "created_at"), false),
                new Index("audit_log_action_created_at_idx", List.of("action", "created_at"), false),
                new Index("audit_log_resource_type_resource_id_created_at_idx",
                        List.of("resource_type", "resource_id", "created_at"), false));
    }

    private static List<Column> columns(String table) throws SQLException {
        String sql = """
                SELECT column_name, data_type, character_maximum_length, is_nullable, column_default
                FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = ?
                ORDER BY ordinal_position
                """;
        List<Column> result = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(new Column(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getObject(3, Integer.class),
                            rows.getString(4).equals("YES"),
                            rows.getString(5)));
                }
            }
        }
        return result;
    }

    private static List<String> primaryKey(String table) throws SQLException {
        String sql = """
                SELECT a.attname
                FROM pg_constraint c
                JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, position) ON true
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                WHERE c.conrelid = ?::regclass AND c.contype = 'p'
                ORDER BY k.position
                """;
        return strings(sql, table);
    }

    /** Returns each foreign-key column mapped to the referenced "table.column". */
    private static Map<String, String> foreignKeys(String table) throws SQLException {
        String sql = """
                SELECT a.attname, c.confrelid::regclass::text || '.' || fa.attname
                FROM pg_constraint c
                JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
                JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[1]
                WHERE c.conrelid = ?::regclass AND c.contype = 'f' AND cardinality(c.conkey) = 1
                ORDER BY a.attnum
                """;
        Map<String, String> result = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return result;
    }

    private static List<Index> indexes(String table) throws SQLException {
        String sql = """
                SELECT ic.relname, i.indisunique,
                       array_agg(a.attname ORDER BY k.position) AS columns
                FROM pg_index i
                JOIN pg_class ic ON ic.oid = i.indexrelid
                JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true
                JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                WHERE i.indrelid = ?::regclass
                GROUP BY ic.relname, i.indisunique
                """;
        List<Index> result = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    String[] columns = (String[]) rows.getArray(3).getArray();
                    result.add(new Index(rows.getString(1), List.of(columns), rows.getBoolean(2)));
                }
            }
        }
        return result;
    }

    private static List<String> strings(String sql, String parameter) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(rows.getString(1));
                }
            }
        }
        return result;
    }
}
