package org.billing.iam.core.permission;

import java.util.Optional;

/** Billing state of an account, stored by name in {@code users.subscription_status}. */
public enum SubscriptionStatus {
    TRIAL(AccessLevel.FULL),
    ACTIVE(AccessLevel.FULL),
    PAST_DUE(AccessLevel.READ_ONLY),
    SUSPENDED(AccessLevel.ACCOUNT_ONLY),
    CANCELLED(AccessLevel.ACCOUNT_ONLY);

    private final AccessLevel accessLevel;

    SubscriptionStatus(AccessLevel accessLevel) {
        this.accessLevel = accessLevel;
    }

    /** Returns the access this status gives. */
    public AccessLevel accessLevel() {
        return accessLevel;
    }

    /** Returns the status with this exact stored name, or empty for an unknown one. */
    public static Optional<SubscriptionStatus> fromDatabase(String value) {
        for (SubscriptionStatus status : values()) {
            if (status.name().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
