package org.billing.iam.core.error;

/**
 * Base of the failures reported to a caller. Each subclass maps to one HTTP status and
 * error code; messages are plain sentences that never contain a secret.
 */
public abstract class IamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected IamException(String message) {
        super(message, null, false, false);
    }

    /** Returns the machine-readable error code, such as {@code VALIDATION_ERROR}. */
    public abstract String code();
}
