package org.billing.iam.core.error;

/** No session, or a session that is unknown, revoked or expired (HTTP 401). */
public final class UnauthorizedException extends IamException {

    private static final long serialVersionUID = 1L;

    public UnauthorizedException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "UNAUTHORIZED";
    }
}
