package org.billing.iam.core;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Conversions between the injected clock and {@code TIMESTAMPTZ} values. */
public final class Timestamps {

    private Timestamps() {
    }

    /**
     * Returns the clock's instant in UTC, cut to microseconds, the precision of
     * PostgreSQL {@code TIMESTAMPTZ}, so values compared in Java equal the stored ones.
     */
    public static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
