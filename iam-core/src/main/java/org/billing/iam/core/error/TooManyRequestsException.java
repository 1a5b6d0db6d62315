package org.billing.iam.core.error;

import java.time.Duration;

/** A rate limit was exceeded (HTTP 429 with Retry-After). */
public final class TooManyRequestsException extends IamException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public TooManyRequestsException(Duration retryAfter) {
        super("Too many requests. Try again later.");
        this.retryAfter = retryAfter;
    }

    /** Returns how long the client should wait before the next request. */
    public Duration retryAfter() {
        return retryAfter;
    }

    @Override
    public String code() {
        return "RATE_LIMITED";
    }
}
