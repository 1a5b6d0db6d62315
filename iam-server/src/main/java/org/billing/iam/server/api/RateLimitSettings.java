package org.billing.iam.server.api;

import java.time.Duration;

/**
 * Request budgets of the API, each counted in PostgreSQL so that every node draws on one
 * budget. The windows are fixed, and the numbers come from configuration.
 *
 * @param signInPerMinute requests per minute from one IP address to the sign-in steps:
 *     login, login/mfa, login/recovery, mfa/setup and mfa/confirm, together
 * @param registrationPerHour requests per hour from one IP address to register,
 *     verify-email and delegates/accept, together
 * @param passwordResetPerHour requests per hour from one IP address to password/reset-request
 *     and password/reset, together
 * @param resetEmailPerHour reset requests per hour for one email address, from any IP address,
 *     which limits the reset emails sent to one mailbox
 * @param userPerMinute requests per minute of one signed-in user to the authenticated routes,
 *     except {@code GET /api/v1/auth/context}
 */
public record RateLimitSettings(
        int signInPerMinute,
        int registrationPerHour,
        int passwordResetPerHour,
        int resetEmailPerHour,
        int userPerMinute) {

    /** Window of {@link #signInPerMinute} and {@link #userPerMinute}. */
    public static final Duration MINUTE = Duration.ofMinutes(1);
    /** Window of the hourly budgets. */
    public static final Duration HOUR = Duration.ofHours(1);

    /** Budgets used unless configured otherwise; README.md gives the reasons. */
    public static final RateLimitSettings DEFAULTS = new RateLimitSettings(30, 20, 20, 5, 100);

    public RateLimitSettings {
        requirePositive("signInPerMinute", signInPerMinute);
        requirePositive("registrationPerHour", registrationPerHour);
        requirePositive("passwordResetPerHour", passwordResetPerHour);
        requirePositive("resetEmailPerHour", resetEmailPerHour);
        requirePositive("userPerMinute", userPerMinute);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
