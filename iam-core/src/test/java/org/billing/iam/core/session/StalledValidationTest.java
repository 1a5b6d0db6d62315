package org.billing.iam.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.billing.iam.core.session.LookupCombiner.LookupFailedException;
import org.billing.iam.core.session.LookupCombiner.LookupTimeoutException;
import org.billing.iam.core.testing.TestIam;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Validations while the database does not respond, simulated by a transaction that holds an
 * exclusive lock on the sessions table. Each must end with an exception within about two
 * {@link SessionService#VALIDATION_TIMEOUT}s (a wait for a slot, then a statement of its own),
 * so the request gets HTTP 503 instead of hanging.
 */
class StalledValidationTest {

    /** Upper bound for the test's waits: twice the 5 s timeout, with margin for a busy host. */
    private static final long BOUND_SECONDS = 25;

    private final TestIam iam = TestIam.start(4);
    private final SessionService sessions = iam.core().sessions();
    private final UUID userId = iam.user().create().userId();

    @AfterEach
    void close() {
        iam.close();
    }

    @Test
    void stalledValidationsEndWithTimeouts() throws Exception {
        String token = sessions.create(userId, TestIam.REQUEST).token();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> iam.db().transaction(transaction -> {
            transaction.dsl().execute("LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE");
            locked.countDown();
            release.await();
        }));
        ExecutorService callers = Executors.newFixedThreadPool(3);
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Optional<ActiveSession>>> running = new ArrayList<>();
            running.add(callers.submit(() -> sessions.validate(token)));
            running.add(callers.submit(() -> sessions.validate(token)));
            awaitStatementsWaitingOnLock(2);
            Future<Optional<ActiveSession>> queued = callers.submit(() -> sessions.validate(token));

            // The queued lookup either times out waiting, or, when a cancelled statement frees
            // its slot first, runs a statement of its own that is cancelled in turn.
            Throwable queuedFailure = failure(queued);
            if (!(queuedFailure instanceof LookupTimeoutException)) {
                assertThat(queuedFailure).isInstanceOf(LookupFailedException.class);
                assertThat(sqlState(queuedFailure)).isEqualTo("57014");
            }
            for (Future<Optional<ActiveSession>> statement : running) {
                Throwable failure = failure(statement);
                assertThat(failure).isInstanceOf(LookupFailedException.class);
                assertThat(sqlState(failure)).isEqualTo("57014");
            }
        } finally {
            release.countDown();
            holder.join();
            callers.shutdownNow();
        }
        assertThat(sessions.validate(token)).isPresent();
    }

    private static Throwable failure(Future<?> call) throws Exception {
        try {
            call.get(BOUND_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError("validation succeeded while the sessions table was locked");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    private static String sqlState(Throwable error) {
        for (Throwable current = error; current != null; current = current.getCause()) {
            if (current instanceof SQLException sql) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private void awaitStatementsWaitingOnLock(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            int waiting = iam.db().fetchOne("SELECT count(*) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND wait_event_type = 'Lock'").get(0, Integer.class);
            if (waiting >= count) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + count + " statements waiting on the sessions lock");
    }
}
