package org.billing.iam.core.session;

import static org.billing.iam.schema.jooq.Tables.SESSIONS;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.billing.iam.core.Timestamps;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Deletes sessions that stopped working more than {@link #RETENTION} ago.
 *
 * <p>A session stops working at the earliest of its revocation, {@code created_at} plus
 * {@link SessionService#ABSOLUTE_TIMEOUT} and {@code last_active_at} plus
 * {@link SessionService#IDLE_TIMEOUT}. No revocation time is stored, but a session is never
 * revoked before its last activity, so its end lies within {@code IDLE_TIMEOUT} after
 * {@code last_active_at}. The job deletes a session once the earlier of the two timeouts lies
 * more than {@code RETENTION} back: never before the session has been over for that long,
 * and a revoked one at most {@code IDLE_TIMEOUT} later than that.
 *
 * <p>Each batch is one {@code DELETE} statement in its own short transaction that skips rows
 * another node has locked, so two nodes can run the job at once without deleting a row twice
 * or waiting on each other. Session validation reads without waiting on it. Only the
 * revocation of a long-expired session that a batch is deleting at that moment waits, for
 * the length of that one statement.
 */
public final class SessionCleanup {

    /** How long a session is kept after it stopped working. */
    public static final Duration RETENTION = Duration.ofDays(30);
    /** Sessions deleted per statement unless configured otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 500;
    /**
     * Pause after each full batch unless configured otherwise. On a 2-CPU host, back-to-back
     * batches raised the p99 latency of session validation from 10 ms to over 200 ms, because
     * the deleting backend and its WAL flushes compete with validation for the processors.
     */
    public static final Duration DEFAULT_PAUSE = Duration.ofMillis(50);

    private final DSLContext db;
    private final Clock clock;
    private final int batchSize;
    private final Duration pause;

    public SessionCleanup(DSLContext db, Clock clock, int batchSize, Duration pause) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        if (pause.isNegative()) {
            throw new IllegalArgumentException("pause must not be negative, got " + pause);
        }
        this.db = db;
        this.clock = clock;
        this.batchSize = batchSize;
        this.pause = pause;
    }

    public SessionCleanup(DSLContext db, Clock clock, int batchSize) {
        this(db, clock, batchSize, Duration.ZERO);
    }

    public SessionCleanup(DSLContext db, Clock clock) {
        this(db, clock, DEFAULT_BATCH_SIZE, DEFAULT_PAUSE);
    }

    /**
     * Deletes every session that is due, batch after batch with a pause after each full one,
     * and returns how many it deleted. An interrupt stops it after the current batch.
     */
    public int deleteEndedSessions() {
        int total = 0;
        int deleted;
        do {
            deleted = deleteBatch();
            total += deleted;
        } while (deleted == batchSize && pauseUnlessInterrupted());
        return total;
    }

    private boolean pauseUnlessInterrupted() {
        if (pause.isZero()) {
            return true;
        }
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Deletes at most one batch of due sessions and returns how many it deleted. */
    public int deleteBatch() {
        Condition due = dueForDeletion(Timestamps.now(clock).minus(RETENTION));
        return db.deleteFrom(SESSIONS)
                .where(SESSIONS.SESSION_ID.in(DSL.select(SESSIONS.SESSION_ID)
                        .from(SESSIONS)
                        .where(due)
                        .limit(batchSize)
                        .forUpdate()
                        .skipLocked()))
                .and(due)
                .execute();
    }

    private static Condition dueForDeletion(OffsetDateTime endedBefore) {
        // last_active_at never exceeds created_at + ABSOLUTE_TIMEOUT, so both branches imply the
        // first condition, which lets sessions_last_active_at_idx narrow the scan.
        return SESSIONS.LAST_ACTIVE_AT.lt(endedBefore)
                .and(SESSIONS.LAST_ACTIVE_AT.lt(endedBefore.minus(SessionService.IDLE_TIMEOUT))
                        .or(SESSIONS.CREATED_AT.lt(endedBefore.minus(SessionService.ABSOLUTE_TIMEOUT))));
    }
}
