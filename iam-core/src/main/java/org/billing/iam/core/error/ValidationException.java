package org.billing.iam.core.error;

/** Malformed input: a missing, mistyped or out-of-range field (HTTP 400). */
public final class ValidationException extends IamException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public ValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** Returns the name of the offending field as the client sent it, or null for the whole body. */
    public String field() {
        return field;
    }

    @Override
    public String code() {
        return "VALIDATION_ERROR";
    }
}
