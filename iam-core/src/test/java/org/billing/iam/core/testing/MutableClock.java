package org.billing.iam.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that stays at one instant until a test moves it. Safe to read from several threads. */
public final class MutableClock extends Clock {

    /** Default start: the beginning of a 30-second TOTP step. */
    public static final Instant DEFAULT_START = Instant.parse("2026-03-02T10:00:00Z");

    private volatile Instant instant;

    public MutableClock(Instant start) {
        this.instant = start;
    }

    public MutableClock() {
        this(DEFAULT_START);
    }

    /** Moves the clock forward (or back, for a negative duration). */
    public void advance(Duration duration) {
        instant = instant.plus(duration);
    }

    /** Sets the clock to an instant. */
    public void set(Instant newInstant) {
        instant = newInstant;
    }

    @Override
    public Instant instant() {
        return instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("MutableClock is always UTC");
    }
}
