package org.billing.iam.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.billing.iam.core.testing.Concurrent;
import org.billing.iam.core.testing.TestIam;
import org.billing.iam.core.testing.TestUsers.TestUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionCleanupTest {

    private static final Duration RETENTION = SessionCleanup.RETENTION;

    private final TestIam iam = TestIam.start(4);
    private final SessionService sessions = iam.core().sessions();
    private final SessionCleanup cleanup = new SessionCleanup(iam.db(), iam.clock(), 10);
    private final TestUser user = iam.user().create();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void revokedSessionKeptForRetention() {
        NewSession session = sessions.create(user.userId(), TestIam.REQUEST);
        sessions.logout(session.token(), TestIam.REQUEST);

        iam.clock().advance(RETENTION.plus(SessionService.IDLE_TIMEOUT));
        assertThat(cleanup.deleteEndedSessions()).isZero();

        iam.clock().advance(Duration.ofSeconds(1));
        assertThat(cleanup.deleteEndedSessions()).isEqualTo(1);
        assertThat(iam.db().fetchCount(SESSIONS)).isZero();
    }

    @Test
    void idleExpiredSessionDeletedAfterRetention() {
        sessions.create(user.userId(), TestIam.REQUEST);

        iam.clock().advance(SessionService.IDLE_TIMEOUT.plus(RETENTION));
        assertThat(cleanup.deleteEndedSessions()).isZero();

        iam.clock().advance(Duration.ofSeconds(1));
        assertThat(cleanup.deleteEndedSessions()).isEqualTo(1);
    }

    @Test
    void absoluteExpiryCountsFromCreation() {
        NewSession session = sessions.create(user.userId(), TestIam.REQUEST);
        iam.db().update(SESSIONS)
                .set(SESSIONS.LAST_ACTIVE_AT, session.expiresAt().minusMinutes(1))
                .execute();

        iam.clock().advance(SessionService.ABSOLUTE_TIMEOUT.plus(RETENTION));
        assertThat(cleanup.deleteEndedSessions()).isZero();

        iam.clock().advance(Duration.ofSeconds(1));
        assertThat(cleanup.deleteEndedSessions()).isEqualTo(1);
    }

    @Test
    void liveAndRecentlyEndedSessionsKept() {
        sessions.create(user.userId(), TestIam.REQUEST);
        iam.clock().advance(Duration.ofDays(10));
        NewSession recent = sessions.create(user.userId(), TestIam.REQUEST);
        sessions.logout(recent.token(), TestIam.REQUEST);
        NewSession current = sessions.create(user.userId(), TestIam.REQUEST);

        assertThat(cleanup.deleteEndedSessions()).isZero();

        assertThat(iam.db().fetchCount(SESSIONS)).isEqualTo(3);
        assertThat(sessions.validate(current.token())).isPresent();
    }

    @Test
    void deletesInBoundedBatches() {
        createOldSessions(25);

        assertThat(cleanup.deleteBatch()).isEqualTo(10);
        assertThat(cleanup.deleteEndedSessions()).isEqualTo(15);
        assertThat(iam.db().fetchCount(SESSIONS)).isZero();
    }

    @Test
    void pausesBetweenBatchesStillDeleteEverything() {
        createOldSessions(25);
        SessionCleanup paced = new SessionCleanup(iam.db(), iam.clock(), 10, Duration.ofMillis(1));

        assertThat(paced.deleteEndedSessions()).isEqualTo(25);
        assertThat(iam.db().fetchCount(SESSIONS)).isZero();
    }

    @Test
    void interruptStopsAfterCurrentBatch() {
        createOldSessions(25);
        SessionCleanup paced = new SessionCleanup(iam.db(), iam.clock(), 10, Duration.ofSeconds(30));

        Thread.currentThread().interrupt();
        int deleted = paced.deleteEndedSessions();
        boolean stillInterrupted = Thread.interrupted();

        assertThat(deleted).isEqualTo(10);
        assertThat(stillInterrupted).isTrue();
        assertThat(iam.db().fetchCount(SESSIONS)).isEqualTo(15);
    }

    @Test
    void twoNodesDeleteEachSessionOnce() throws Exception {
        createOldSessions(300);

        List<Integer> perNode = Concurrent.run(2,
                () -> new SessionCleanup(iam.db(), iam.clock(), 7).deleteEndedSessions());
        int deleted = perNode.get(0) + perNode.get(1) + cleanup.deleteEndedSessions();

        assertThat(deleted).isEqualTo(300);
        assertThat(iam.db().fetchCount(SESSIONS)).isZero();
    }

    private void createOldSessions(int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(sessions.create(user.userId(), TestIam.REQUEST).sessionId());
        }
        iam.clock().advance(RETENTION.plus(Duration.ofDays(2)));
        assertThat(ids).hasSize(count);
    }
}
