package org.billing.iam.core.session;

/** Reason a session ended, stored in {@code sessions.revoked_reason} (at most 30 characters). */
public enum RevocationReason {
    LOGOUT("logout"),
    EXPIRED_IDLE("expired_idle"),
    EXPIRED_ABSOLUTE("expired_absolute"),
    REVOKED_REMOTE("revoked_remote"),
    PASSWORD_RESET("password_reset"),
    ACCOUNT_DELETED("account_deleted");

    private final String value;

    RevocationReason(String value) {
        this.value = value;
    }

    /** Returns the stored form, such as {@code expired_idle}. */
    public String value() {
        return value;
    }
}
