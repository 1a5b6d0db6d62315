package org.billing.iam.core.limit;

import static org.billing.iam.schema.jooq.Tables.RATE_LIMIT_COUNTERS;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.error.TooManyRequestsException;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Fixed-window rate limits whose counters live in PostgreSQL, so every server node draws on
 * one budget per key. A check is one {@code INSERT ... ON CONFLICT DO UPDATE ... RETURNING}
 * statement: concurrent checks of one key queue on its row and each gets its own count.
 *
 * <p>Windows start at multiples of their length since the epoch, so every node computes the
 * same window from its clock. Each key counts separately per window length: the stored
 * {@code counter_key} is the SHA-256 of {@code "<window seconds>:<key>"}, so a per-minute and
 * a per-hour limit on one key never reset each other. Rejected requests count too, which keeps a flooding client
 * rejected until the window ends.
 *
 * <p>NOTE: a fixed window admits up to twice the limit across a window boundary (the end of
 * one window and the start of the next). Limits are sized with that in mind.
 */
public final class RateLimiter {

    /** Maximum rows one statement of {@link #deleteExpiredCounters} removes. */
    public static final int CLEANUP_BATCH_SIZE = 1000;

    private final DSLContext db;
    private final Clock clock;

    public RateLimiter(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Counts one request for {@code key} and rejects it when the key has had more than
     * {@code limit} requests in the current window.
     *
     * @param key what is limited, such as {@code password_reset:email:dr@example.org}; stored
     *     only as the SHA-256 of the window length and the key
     * @param limit requests allowed per window, at least 1
     * @param window window length, whole seconds, at least one second
     * @throws TooManyRequestsException with the time until the window ends, rounded up to a
     *     whole second
     */
    public void check(String key, int limit, Duration window) {
        Objects.requireNonNull(key, "key");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (window.toMillis() < 1000 || window.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("window must be a whole number of seconds, got " + window);
        }

        Instant now = clock.instant();
        long windowSeconds = window.toSeconds();
        Instant start = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), windowSeconds) * windowSeconds);
        String counterKey = Sha256.hex(windowSeconds + ":" + key);
        Record2<Integer, OffsetDateTime> counted = increment(counterKey, utc(start), utc(start.plus(window)));

        if (counted.value1() > limit) {
            Duration untilEnd = Duration.between(now, counted.value2().toInstant());
            throw new TooManyRequestsException(roundUpToSeconds(untilEnd));
        }
    }

    /**
     * Deletes counters whose window ended before now, in batches of
     * {@value #CLEANUP_BATCH_SIZE}, and returns how many it removed.
     */
    public int deleteExpiredCounters() {
        OffsetDateTime now = Timestamps.now(clock);
        int total = 0;
        int deleted;
        do {
            deleted = db.deleteFrom(RATE_LIMIT_COUNTERS)
                    .where(RATE_LIMIT_COUNTERS.COUNTER_KEY.in(DSL.select(RATE_LIMIT_COUNTERS.COUNTER_KEY)
                            .from(RATE_LIMIT_COUNTERS)
                            .where(RATE_LIMIT_COUNTERS.WINDOW_END.lt(now))
                            .limit(CLEANUP_BATCH_SIZE)
                            .forUpdate()
                            .skipLocked()))
                    .and(RATE_LIMIT_COUNTERS.WINDOW_END.lt(now))
                    .execute();
            total += deleted;
        } while (deleted == CLEANUP_BATCH_SIZE);
        return total;
    }

    /**
     * Adds one to the key's count in this window, or starts the count at 1 when the stored
     * window is older. A window older than the stored one, from a node whose clock lags,
     * counts towards the stored window instead of resetting it.
     */
    private Record2<Integer, OffsetDateTime> increment(String keyHash, OffsetDateTime start, OffsetDateTime end) {
        Field<Boolean> sameOrNewerStored = RATE_LIMIT_COUNTERS.WINDOW_START.ge(DSL.excluded(RATE_LIMIT_COUNTERS.WINDOW_START));
        return db.insertInto(RATE_LIMIT_COUNTERS)
                .set(RATE_LIMIT_COUNTERS.COUNTER_KEY, keyHash)
                .set(RATE_LIMIT_COUNTERS.WINDOW_START, start)
                .set(RATE_LIMIT_COUNTERS.WINDOW_END, end)
                .set(RATE_LIMIT_COUNTERS.REQUEST_COUNT, 1)
                .onConflict(RATE_LIMIT_COUNTERS.COUNTER_KEY)
                .doUpdate()
                .set(RATE_LIMIT_COUNTERS.REQUEST_COUNT, DSL.when(sameOrNewerStored,
                        RATE_LIMIT_COUNTERS.REQUEST_COUNT.plus(1)).otherwise(DSL.inline(1)))
                .set(RATE_LIMIT_COUNTERS.WINDOW_START, DSL.when(sameOrNewerStored,
                        RATE_LIMIT_COUNTERS.WINDOW_START).otherwise(DSL.excluded(RATE_LIMIT_COUNTERS.WINDOW_START)))
                .set(RATE_LIMIT_COUNTERS.WINDOW_END, DSL.when(sameOrNewerStored,
                        RATE_LIMIT_COUNTERS.WINDOW_END).otherwise(DSL.excluded(RATE_LIMIT_COUNTERS.WINDOW_END)))
                .returningResult(RATE_LIMIT_COUNTERS.REQUEST_COUNT, RATE_LIMIT_COUNTERS.WINDOW_END)
                .fetchSingle();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Duration roundUpToSeconds(Duration duration) {
        long seconds = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
