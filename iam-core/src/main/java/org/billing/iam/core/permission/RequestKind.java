package org.billing.iam.core.permission;

/** Kind of a request, as subscription gating classifies it. */
public enum RequestKind {
    /** Reads data and changes nothing. */
    READ,
    /** Creates, changes or deletes data. */
    WRITE,
    /** Changes the caller's own account, sign-in, sessions or subscription. */
    ACCOUNT_MANAGEMENT,
    /** Exports the physician's data. */
    DATA_EXPORT
}
