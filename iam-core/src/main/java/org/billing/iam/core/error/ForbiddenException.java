package org.billing.iam.core.error;

/** A valid session whose role, permissions or subscription do not allow the request (HTTP 403). */
public final class ForbiddenException extends IamException {

    private static final long serialVersionUID = 1L;

    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "FORBIDDEN";
    }
}
