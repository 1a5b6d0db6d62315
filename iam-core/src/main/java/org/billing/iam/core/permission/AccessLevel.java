package org.billing.iam.core.permission;

/** Access a subscription status allows, from most to least. */
public enum AccessLevel {
    /** Every operation the caller's permissions allow. */
    FULL,
    /** Reads only. */
    READ_ONLY,
    /** Account management and data export only. */
    ACCOUNT_ONLY
}
