package org.billing.iam.core.error;

/**
 * Well-formed input that a rule rejects: invalid credentials, an invalid code, a locked
 * account, an expired token (HTTP 422).
 */
public final class BusinessRuleException extends IamException {

    private static final long serialVersionUID = 1L;

    public BusinessRuleException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "BUSINESS_RULE_VIOLATION";
    }
}
