package org.billing.iam.core.audit;

/** Audited actions, written as {@code category.action}, for example {@code auth.login_failed}. */
public enum AuditAction {
    AUTH_REGISTERED("auth", "registered"),
    AUTH_EMAIL_VERIFIED("auth", "email_verified"),
    AUTH_MFA_SETUP("auth", "mfa_setup"),
    AUTH_LOGIN_SUCCESS("auth", "login_success"),
    AUTH_LOGIN_FAILED("auth", "login_failed"),
    AUTH_LOGIN_MFA_SUCCESS("auth", "login_mfa_success"),
    AUTH_LOGIN_MFA_FAILED("auth", "login_mfa_failed"),
    AUTH_LOGIN_RECOVERY_USED("auth", "login_recovery_used"),
    AUTH_LOGOUT("auth", "logout"),
    AUTH_SESSION_REVOKED("auth", "session_revoked"),
    AUTH_SESSION_REVOKED_ALL("auth", "session_revoked_all"),
    AUTH_PASSWORD_RESET_REQUESTED("auth", "password_reset_requested"),
    AUTH_PASSWORD_RESET_COMPLETED("auth", "password_reset_completed"),
    DELEGATE_INVITED("delegate", "invited"),
    DELEGATE_ACCEPTED("delegate", "accepted"),
    DELEGATE_PERMISSIONS_UPDATED("delegate", "permissions_updated"),
    DELEGATE_REVOKED("delegate", "revoked"),
    DELEGATE_CONTEXT_SWITCHED("delegate", "context_switched"),
    ACCOUNT_UPDATED("account", "updated"),
    ACCOUNT_MFA_RECONFIGURED("account", "mfa_reconfigured"),
    ACCOUNT_RECOVERY_CODES_REGENERATED("account", "recovery_codes_regenerated"),
    ACCOUNT_DELETION_REQUESTED("account", "deletion_requested"),
    ACCOUNT_SUSPENDED("account", "suspended"),
    ACCOUNT_REACTIVATED("account", "reactivated"),
    ACCOUNT_SECONDARY_EMAIL_UPDATED("account", "secondary_email_updated"),
    AUDIT_QUERIED("audit", "queried"),
    AUDIT_EXPORTED("audit", "exported");

    private final String category;
    private final String action;

    AuditAction(String category, String action) {
        this.category = category;
        this.action = category + "." + action;
    }

    /** Returns the value of the {@code category} column, such as {@code auth}. */
    public String category() {
        return category;
    }

    /** Returns the value of the {@code action} column, such as {@code auth.login_failed}. */
    public String action() {
        return action;
    }
}
