package org.billing.iam.core.cleanup;

import org.billing.iam.core.limit.RateLimiter;
import org.billing.iam.core.session.SessionCleanup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of routine deletion: sessions over for more than 30 days and rate-limit counters
 * whose window has ended. The server runs it through {@link CleanupScheduler}; the
 * {@code ./iam cleanup} command calls {@link #run()} once.
 */
public final class CleanupJob {

    private static final Logger LOG = LoggerFactory.getLogger(CleanupJob.class);

    private final SessionCleanup sessions;
    private final RateLimiter rateLimiter;

    public CleanupJob(SessionCleanup sessions, RateLimiter rateLimiter) {
        this.sessions = sessions;
        this.rateLimiter = rateLimiter;
    }

    /** Deletes everything that is due, logs the counts at INFO and returns them. */
    public CleanupReport run() {
        long started = System.nanoTime();
        int deletedSessions = sessions.deleteEndedSessions();
        int deletedCounters = rateLimiter.deleteExpiredCounters();
        long millis = (System.nanoTime() - started) / 1_000_000;
        LOG.info("Clean-up deleted {} sessions and {} rate-limit counters in {} ms",
                deletedSessions, deletedCounters, millis);
        return new CleanupReport(deletedSessions, deletedCounters);
    }

    /**
     * Rows one run deleted.
     *
     * @param sessions sessions over for more than 30 days
     * @param rateLimitCounters counters whose window had ended
     */
    public record CleanupReport(int sessions, int rateLimitCounters) {
    }
}
