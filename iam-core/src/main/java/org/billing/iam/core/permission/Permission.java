package org.billing.iam.core.permission;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** A permission key. The enum constant name is the key stored in JSONB permission arrays. */
public enum Permission {
    CLAIM_CREATE,
    CLAIM_VIEW,
    CLAIM_EDIT,
    CLAIM_DELETE,
    CLAIM_SUBMIT,
    BATCH_VIEW,
    BATCH_APPROVE,
    PATIENT_CREATE,
    PATIENT_VIEW,
    PATIENT_EDIT,
    PATIENT_IMPORT,
    REPORT_VIEW,
    REPORT_EXPORT,
    ANALYTICS_VIEW,
    PROVIDER_VIEW,
    PROVIDER_EDIT,
    DELEGATE_MANAGE,
    SUBSCRIPTION_MANAGE,
    SETTINGS_VIEW,
    SETTINGS_EDIT,
    DATA_EXPORT,
    AUDIT_VIEW,
    AI_COACH_VIEW,
    AI_COACH_MANAGE,
    PRACTICE_SEAT_VIEW,
    PRACTICE_SEAT_MANAGE,
    PRACTICE_INVOICE_VIEW,
    PRACTICE_SETTINGS_EDIT,
    ADMIN_PHI_ACCESS;

    /** Keys a physician may never grant to a delegate. */
    public static final Set<Permission> DELEGATE_FORBIDDEN =
            Set.copyOf(EnumSet.of(DELEGATE_MANAGE, SUBSCRIPTION_MANAGE, DATA_EXPORT, AUDIT_VIEW));

    /** Returns the permission with this exact key, or empty for an unknown key. */
    public static Optional<Permission> fromKey(String key) {
        for (Permission permission : values()) {
            if (permission.name().equals(key)) {
                return Optional.of(permission);
            }
        }
        return Optional.empty();
    }

    /** Returns the permission's key, such as {@code CLAIM_VIEW}. */
    public String key() {
        return name();
    }

    /** Returns whether a physician may grant this key to a delegate. */
    public boolean delegateGrantable() {
        return Role.PHYSICIAN.permissions().contains(this) && !DELEGATE_FORBIDDEN.contains(this);
    }
}
