package org.billing.iam.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.billing.iam.schema.jooq.Tables.AUDIT_LOG;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.core.testing.Concurrent;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.schema.jooq.tables.records.SessionsRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionServiceTest {

    private final TestIam iam = TestIam.start(4);
    private final SessionService sessions = iam.core().sessions();
    private final UUID userId = iam.user().create().userId();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void createStoresOnlyTokenHash() {
        NewSession session = sessions.create(userId, TestIam.REQUEST);

        SessionsRecord row = stored(session);
        assertThat(session.token()).matches("[0-9a-f]{64}");
        assertThat(row.getTokenHash()).isEqualTo(Sha256.hex(session.token()));
        assertThat(row.getIpAddress()).isEqualTo("203.0.113.7");
        assertThat(row.getUserAgent()).isEqualTo("JUnit");
        assertThat(row.getCreatedAt()).isEqualTo(Timestamps.now(iam.clock()));
        assertThat(session.expiresAt()).isEqualTo(row.getCreatedAt().plusHours(24));
        assertThat(session.toString()).doesNotContain(session.token());
    }

    @Test
    void eachCreateIssuesNewToken() {
        NewSession first = sessions.create(userId, TestIam.REQUEST);
        NewSession second = sessions.create(userId, TestIam.REQUEST);

        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(second.sessionId()).isNotEqualTo(first.sessionId());
    }

    @Test
    void validateReturnsOwnerAndRoleInOneRead() {
        NewSession session = sessions.create(userId, TestIam.REQUEST);
        iam.queries().clear();

        Optional<ActiveSession> active = sessions.validate(session.token());

        assertThat(active).contains(new ActiveSession(session.sessionId(), userId, Role.PHYSICIAN,
                SubscriptionStatus.TRIAL));
        assertThat(iam.queries().statements()).hasSize(1);
    }

    @Test
    void malformedTokenRejectedWithoutQuery() {
        for (String token : new String[] {null, "", "abc", "G".repeat(64), "A".repeat(64), "0".repeat(65)}) {
            assertThat(sessions.validate(token)).as(String.valueOf(token)).isEmpty();
        }
        assertThat(iam.queries().statements()).isEmpty();
    }

    @Test
    void unknownTokenRejected() {
        assertThat(sessions.validate("0".repeat(64))).isEmpty();
    }

    @Test
    void idleSessionRevokedAsExpiredIdle() {
        NewSession session = sessions.create(userId, TestIam.REQUEST);

        iam.clock().advance(Duration.ofMinutes(59).plusSeconds(59));
        assertThat(sessions.validate(session.token())).isPresent();
        iam.clock().advance(Duration.ofMinutes(60));

        assertThat(sessions.validate(session.token())).isEmpty();
        assertThat(stored(session).getRevoked()).isTrue();
        assertThat(stored(session).getRevokedReason()).isEqualTo("expired_idle");
    }

    @Test
    void busySessionRevokedAsExpiredAbsolute() {
        NewSession session = sessions.create(userId, TestIam.REQUEST);
        for (int i = 0; i < 28; i++) {
            iam.clock().advance(Duration.ofMinutes(50));
            assertThat(sessions.validate(session.token())).as("after %d minutes", 50 * (i + 1)).isPresent();
        }

        iam.clock().advance(Duration.ofMinutes(50));

        assertThat(sessions.validate(session.token())).isEmpty();
        assertThat(stored(session).getRevokedReason()).isEqualTo("expired_absolute");
    }

    @Test
    void lastActiveRefreshedAtMostOncePerMinute() {
        NewSession session = sessions.create(userId, TestIam.REQUEST);
        var createdAt = stored(session).getLastActiveAt();

        iam.clock().advance(Duration.ofSeconds(59));
        iam.queries().clear();
        sessions.validate(session.token());
        sessions.validate(session.token());
        assertThat(iam.queries().writes()).isEmpty();
        assertThat(stored(session).getLastActiveAt()).isEqualTo(createdAt);

        iam.clock().advance(Duration.ofSeconds(1));
        iam.queries().clear();
        sessions.validate(session.token());
        sessions.validate(session.token());
        assertThat(iam.queries().writes()).hasSize(1);
        assertThat(stored(session).getLastActiveAt()).isEqualTo(Timestamps.now(iam.clock()));
    }

    @Test
    void concurrentValidationsEachGetTheirOwnSession() throws Exception {
        int threads = 16;
        List<NewSession> created = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            created.add(sessions.create(userId, TestIam.REQUEST));
        }
        NewSession revoked = created.get(threads - 1);
        sessions.revoke(userId, revoked.sessionId(), TestIam.REQUEST);
        AtomicInteger next = new AtomicInteger();

        List<List<Optional<UUID>>> seen = Concurrent.run(threads, () -> {
            NewSession own = created.get(next.getAndIncrement());
            List<Optional<UUID>> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(sessions.validate(own.token()).map(ActiveSession::sessionId));
            }
            return ids;
        });

        for (List<Optional<UUID>> ids : seen) {
            assertThat(ids).hasSize(50).containsOnly(ids.get(0));
        }
        assertThat(seen.stream().map(ids -> ids.get(0)).toList())
                .containsExactlyInAnyOrderElementsOf(created.stream()
                        .map(session -> session == revoked ? Optional.<UUID>empty() : Optional.of(session.sessionId()))
                        .toList());
    }

    @Test
    void revokedSessionRejectedOnNextValidate() {
        NewSession session = sessions.create(userId, TestIam.REQUEST);
        assertThat(sessions.validate(session.token())).isPresent();

        sessions.revoke(userId, session.sessionId(), TestIam.REQUEST);

        assertThat(sessions.validate(session.token())).isEmpty();
        assertThat(stored(session).getRevokedReason()).isEqualTo("revoked_remote");
        assertThat(auditActions()).contains("auth.session_revoked");
    }

    @Test
    void logoutRevokesWithLogoutReason() {
        NewSession session = sessions.create(userId, TestIam.REQUEST);

        sessions.logout(session.token(), TestIam.REQUEST);

        assertThat(sessions.validate(session.token())).isEmpty();
        assertThat(stored(session).getRevokedReason()).isEqualTo("logout");
        assertThat(auditActions()).containsExactly("auth.logout");
    }

    @Test
    void logoutOfUnknownTokenChangesNothing() {
        sessions.logout("0".repeat(64), TestIam.REQUEST);
        sessions.logout("not-a-token", TestIam.REQUEST);

        assertThat(auditActions()).isEmpty();
    }

    @Test
    void listShowsActiveSessionsAndMarksCurrent() {
        NewSession current = sessions.create(userId, TestIam.REQUEST);
        iam.clock().advance(Duration.ofMinutes(2));
        NewSession other = sessions.create(userId, new RequestMetadata("198.51.100.9", "Phone"));
        NewSession ended = sessions.create(userId, TestIam.REQUEST);
        sessions.logout(ended.token(), TestIam.REQUEST);

        var listed = sessions.list(userId, current.sessionId());

        assertThat(listed).extracting(SessionInfo::sessionId).containsExactly(other.sessionId(), current.sessionId());
        assertThat(listed.get(0).current()).isFalse();
        assertThat(listed.get(0).ipAddress()).isEqualTo("198.51.100.9");
        assertThat(listed.get(0).userAgent()).isEqualTo("Phone");
        assertThat(listed.get(1).current()).isTrue();
    }

    @Test
    void listLeavesOutExpiredSessions() {
        NewSession session = sessions.create(userId, TestIam.REQUEST);
        iam.clock().advance(Duration.ofMinutes(61));

        assertThat(sessions.list(userId, session.sessionId())).isEmpty();
    }

    @Test
    void otherUsersSessionBehavesLikeUnknownId() {
        UUID otherUser = iam.user().create().userId();
        NewSession victim = sessions.create(otherUser, TestIam.REQUEST);

        assertThatThrownBy(() -> sessions.revoke(userId, victim.sessionId(), TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage("Session not found.");
        assertThatThrownBy(() -> sessions.revoke(userId, UUID.randomUUID(), TestIam.REQUEST))
                .isInstanceOf(BusinessRuleException.class)
                .hasMessage("Session not found.");
        assertThat(sessions.validate(victim.token())).isPresent();
    }

    @Test
    void revokeAllExceptCurrentKeepsCurrent() {
        NewSession current = sessions.create(userId, TestIam.REQUEST);
        NewSession second = sessions.create(userId, TestIam.REQUEST);
        NewSession third = sessions.create(userId, TestIam.REQUEST);
        NewSession otherUsers = sessions.create(iam.user().create().userId(), TestIam.REQUEST);

        int revoked = sessions.revokeAllExcept(userId, current.sessionId(), TestIam.REQUEST);

        assertThat(revoked).isEqualTo(2);
        assertThat(sessions.validate(current.token())).isPresent();
        assertThat(sessions.validate(second.token())).isEmpty();
        assertThat(sessions.validate(third.token())).isEmpty();
        assertThat(sessions.validate(otherUsers.token())).isPresent();
        assertThat(auditActions()).containsExactly("auth.session_revoked_all");
    }

    @Test
    void revokeAllUsesGivenReason() {
        NewSession session = sessions.create(userId, TestIam.REQUEST);

        sessions.revokeAll(iam.db(), userId, RevocationReason.PASSWORD_RESET);

        assertThat(stored(session).getRevokedReason()).isEqualTo("password_reset");
    }

    @Test
    void deactivatedUsersSessionRejected() {
        NewSession session = sessions.create(userId, TestIam.REQUEST);

        iam.db().update(USERS).set(USERS.IS_ACTIVE, false).where(USERS.USER_ID.eq(userId)).execute();

        assertThat(sessions.validate(session.token())).isEmpty();
    }

    private SessionsRecord stored(NewSession session) {
        return iam.db().selectFrom(SESSIONS).where(SESSIONS.SESSION_ID.eq(session.sessionId())).fetchSingle();
    }

    private java.util.List<String> auditActions() {
        return iam.db().select(AUDIT_LOG.ACTION).from(AUDIT_LOG).orderBy(AUDIT_LOG.CREATED_AT).fetch(AUDIT_LOG.ACTION);
    }
}
