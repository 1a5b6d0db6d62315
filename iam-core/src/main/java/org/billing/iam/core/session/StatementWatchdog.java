package org.billing.iam.core.session;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels statements that run past their deadline. One daemon thread, started on first use,
 * serves every statement of the JVM and checks the running ones every
 * {@link #CHECK_INTERVAL}, so a statement ends at most that much later than its timeout.
 *
 * <p>It replaces {@link Statement#setQueryTimeout} on the session validation path. The
 * PostgreSQL driver implements that with a shared {@link java.util.Timer}: a task scheduled and
 * cancelled under the timer's lock for every execution, which took about a tenth of the
 * server's CPU samples under load. A cancelled statement fails in its own thread with
 * SQLState 57014 (query_canceled), as after a query timeout.
 */
final class StatementWatchdog {

    /** Time between checks of the running statements. */
    static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

    private static final Logger LOG = LoggerFactory.getLogger(StatementWatchdog.class);
    private static final Map<Statement, Long> DEADLINES = new ConcurrentHashMap<>();
    private static Thread checker;

    private StatementWatchdog() {
    }

    /** A watched statement; closing it stops the watch, before or after a cancel. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** Watches {@code statement} and cancels it if it still runs after {@code timeout}. */
    static Watch watch(Statement statement, Duration timeout) {
        startChecker();
        DEADLINES.put(statement, System.nanoTime() + timeout.toNanos());
        return () -> DEADLINES.remove(statement);
    }

    private static synchronized void startChecker() {
        if (checker == null) {
            checker = Thread.ofPlatform().daemon().name("statement-watchdog").start(StatementWatchdog::checkForever);
        }
    }

    private static void checkForever() {
        while (true) {
            try {
                TimeUnit.NANOSECONDS.sleep(CHECK_INTERVAL.toNanos());
            } catch (InterruptedException e) {
                LOG.warn("Statement watchdog interrupted; statements are no longer cancelled after their timeout");
                return;
            }
            cancelOverdue(System.nanoTime());
        }
    }

    /** Cancels every watched statement whose deadline is before {@code now}. */
    static void cancelOverdue(long now) {
        for (Map.Entry<Statement, Long> entry : DEADLINES.entrySet()) {
            if (now - entry.getValue() >= 0 && DEADLINES.remove(entry.getKey(), entry.getValue())) {
                cancel(entry.getKey());
            }
        }
    }

    private static void cancel(Statement statement) {
        try {
            statement.cancel();
            LOG.warn("Cancelled a session validation statement that passed its timeout");
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Failed to cancel a session validation statement past its timeout: {}", e.toString());
        }
    }
}
