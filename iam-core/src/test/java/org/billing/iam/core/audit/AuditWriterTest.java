package org.billing.iam.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.auth.LoginResult;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.schema.jooq.tables.records.AuditLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuditWriterTest {

    private final TestIam iam = TestIam.start(2);

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void writesCategoryActionAndRequest() {
        UUID userId = iam.user().create().userId();
        UUID sessionId = UUID.randomUUID();

        iam.core().audit().write(AuditEvent.of(AuditAction.AUTH_SESSION_REVOKED, userId, TestIam.REQUEST)
                .resource("session", sessionId));

        AuditLogRecord row = iam.db().selectFrom(AUDIT_LOG).fetchSingle();
        assertThat(row.getAction()).isEqualTo("auth.session_revoked");
        assertThat(row.getCategory()).isEqualTo("auth");
        assertThat(row.getUserId()).isEqualTo(userId);
        assertThat(row.getResourceType()).isEqualTo("session");
        assertThat(row.getResourceId()).isEqualTo(sessionId);
        assertThat(row.getIpAddress()).isEqualTo("203.0.113.7");
        assertThat(row.getUserAgent()).isEqualTo("JUnit");
        assertThat(row.getCreatedAt()).isEqualTo(Timestamps.now(iam.clock()));
        assertThat(row.getDetail()).isNull();
    }

    @Test
    void acceptsNullUserAndRequest() {
        iam.core().audit().write(AuditEvent.of(AuditAction.AUTH_LOGIN_FAILED, null, null).with("reason", "x"));

        AuditLogRecord row = iam.db().selectFrom(AUDIT_LOG).fetchSingle();
        assertThat(row.getUserId()).isNull();
        assertThat(row.getIpAddress()).isNull();
        assertThat(row.getDetail().data()).contains("\"reason\"");
    }

    @Test
    void redactsSensitiveKeysAtAnyDepth() {
        Map<String, Object> nested = Map.of("Token_Hash", "abc123", "kept", "visible");
        iam.core().audit().write(AuditEvent.of(AuditAction.ACCOUNT_UPDATED, null, TestIam.REQUEST)
                .with("PASSWORD", "hunter2-secret-value")
                .with("mfa_session_token", "signed-token-value")
                .with("nested", nested)
                .with("list", List.of(Map.of("recovery_code", "ABCD-EFGH"), "plain"))
                .with("reason", "profile_change"));

        String detail = iam.db().select(AUDIT_LOG.DETAIL).from(AUDIT_LOG).fetchSingle().value1().data();
        assertThat(detail).doesNotContain("hunter2-secret-value");
        assertThat(detail).doesNotContain("signed-token-value");
        assertThat(detail).doesNotContain("abc123");
        assertThat(detail).doesNotContain("ABCD-EFGH");
        assertThat(detail).contains("visible", "plain", "profile_change", AuditRedactor.REDACTED);
    }

    @Test
    void redactsSensitiveFieldsOfRecordValues() {
        iam.core().audit().write(AuditEvent.of(AuditAction.AUTH_LOGIN_SUCCESS, null, TestIam.REQUEST)
                .with("result", new LoginResult("first-signed-token", true, false))
                .with("steps", List.of(new LoginResult("second-signed-token", false, true))));

        String detail = iam.db().select(AUDIT_LOG.DETAIL).from(AUDIT_LOG).fetchSingle().value1().data();
        assertThat(detail).doesNotContain("first-signed-token");
        assertThat(detail).doesNotContain("second-signed-token");
        assertThat(detail).contains("mfaRequired");
        assertThat(detail).contains(AuditRedactor.REDACTED);
    }

    @Test
    void redactorMatchesKeysIgnoringCase() {
        List<String> sensitive = List.of("password", "Password", "new_password", "TOKEN", "token_hash",
                "totp_secret", "recovery_code", "code_hash", "secret", "mfa_session_token", "code");
        for (String key : sensitive) {
            assertThat(AuditRedactor.isSensitive(key)).as(key).isTrue();
        }
        for (String key : List.of("reason", "email", "method", "remaining_recovery_codes", "revoked_count")) {
            assertThat(AuditRedactor.isSensitive(key)).as(key).isFalse();
        }
    }
}
