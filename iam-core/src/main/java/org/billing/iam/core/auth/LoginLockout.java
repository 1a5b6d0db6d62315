package org.billing.iam.core.auth;

import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.billing.iam.core.Timestamps;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * The failed-attempt counter shared by the password, TOTP and recovery-code steps. Each
 * failure increments {@code users.failed_login_count} in one atomic UPDATE; the failure
 * that reaches {@link #MAX_FAILED_ATTEMPTS} sets {@code locked_until}. While a lock holds,
 * failures change nothing, so concurrent attempts stop the count at exactly the limit, and
 * the owner is emailed once per lock.
 */
public final class LoginLockout {

    /** Failed attempts that lock the account. */
    public static final int MAX_FAILED_ATTEMPTS = 10;
    /** How long a lock lasts. */
    public static final Duration LOCK_DURATION = Duration.ofMinutes(30);

    private final DSLContext db;
    private final Clock clock;
    private final LockoutNotifier notifier;

    public LoginLockout(DSLContext db, Clock clock, LockoutNotifier notifier) {
        this.db = db;
        this.clock = clock;
        this.notifier = notifier;
    }

    /** Returns whether a stored {@code locked_until} value locks the account now. */
    public boolean isLocked(OffsetDateTime lockedUntil) {
        return lockedUntil != null && lockedUntil.isAfter(Timestamps.now(clock));
    }

    /**
     * Counts one failed attempt. A lock that has run out restarts the count at 1; a lock that
     * still holds leaves the row unchanged. The failure that sets a lock emails the owner.
     */
    public void recordFailure(UUID userId) {
        OffsetDateTime now = Timestamps.now(clock);
        // PostgreSQL evaluates every SET expression against the row before the update, and
        // re-reads a row that a concurrent transaction changed, so no increment is lost.
        Field<Integer> previous = DSL.when(USERS.LOCKED_UNTIL.le(now), DSL.inline(0))
                .otherwise(USERS.FAILED_LOGIN_COUNT);
        Field<Integer> next = previous.plus(1);
        Record2<String, OffsetDateTime> counted = db.update(USERS)
                .set(USERS.FAILED_LOGIN_COUNT, next)
                .set(USERS.LOCKED_UNTIL, DSL.when(next.ge(MAX_FAILED_ATTEMPTS), DSL.val(now.plus(LOCK_DURATION)))
                        .otherwise(DSL.inline(null, USERS.LOCKED_UNTIL)))
                .where(USERS.USER_ID.eq(userId))
                .and(USERS.LOCKED_UNTIL.isNull().or(USERS.LOCKED_UNTIL.le(now)))
                .returningResult(USERS.EMAIL, USERS.LOCKED_UNTIL)
                .fetchOne();

        // The WHERE clause skips a row whose lock still holds, so a non-null locked_until comes
        // back only to the one failure that set the lock.
        if (counted != null && counted.value2() != null) {
            notifier.accountLocked(userId, counted.value1(), counted.value2());
        }
    }

    /**
     * Clears the counter after a correct code and returns true, or returns false and changes
     * nothing while a lock is in force. Call it before granting anything: a false result means
     * the correct code arrived while the account was locked, and must be rejected like a
     * wrong one.
     *
     * <p>The UPDATE waits for a concurrent failure that holds the row and then re-checks the
     * lock on the committed row, so a lock set after the caller read the account still
     * rejects the code.
     */
    public boolean reset(UUID userId) {
        OffsetDateTime now = Timestamps.now(clock);
        Condition unlocked = USERS.LOCKED_UNTIL.isNull().or(USERS.LOCKED_UNTIL.le(now));
        int cleared = db.update(USERS)
                .set(USERS.FAILED_LOGIN_COUNT, 0)
                .set(USERS.LOCKED_UNTIL, (OffsetDateTime) null)
                .where(USERS.USER_ID.eq(userId))
                .and(USERS.FAILED_LOGIN_COUNT.gt(0).or(USERS.LOCKED_UNTIL.isNotNull()))
                .and(unlocked)
                .execute();
        if (cleared == 1) {
            return true;
        }
        // The count was already zero, or a lock is in force. This read includes every lock
        // committed before it started.
        return db.fetchExists(USERS, USERS.USER_ID.eq(userId).and(unlocked));
    }
}
