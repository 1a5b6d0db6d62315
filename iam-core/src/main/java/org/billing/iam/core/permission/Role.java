package org.billing.iam.core.permission;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Account role, stored by name in {@code users.role}. */
public enum Role {
    /** Self-registered owner of billing data: every key except the practice and admin keys. */
    PHYSICIAN(physicianPermissions()),
    /**
     * Acts for physicians through linkages. The role itself grants nothing, because each
     * linkage carries the permission set its physician chose.
     */
    DELEGATE(EnumSet.noneOf(Permission.class)),
    /** Operator-provisioned administrator with system-wide audit and analytics access. */
    ADMIN(EnumSet.of(Permission.ADMIN_PHI_ACCESS, Permission.AUDIT_VIEW, Permission.ANALYTICS_VIEW)),
    /** Manages practice billing and seats only; never sees claims, patients or analytics. */
    PRACTICE_ADMIN(EnumSet.of(Permission.PRACTICE_SEAT_VIEW, Permission.PRACTICE_SEAT_MANAGE,
            Permission.PRACTICE_INVOICE_VIEW, Permission.PRACTICE_SETTINGS_EDIT));

    private final Set<Permission> permissions;

    Role(EnumSet<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    /** Returns the role's permission set, which cannot be modified. */
    public Set<Permission> permissions() {
        return permissions;
    }

    /** Returns the role with this exact stored name, or empty for an unknown one. */
    public static Optional<Role> fromDatabase(String value) {
        for (Role role : values()) {
            if (role.name().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    private static EnumSet<Permission> physicianPermissions() {
        EnumSet<Permission> keys = EnumSet.allOf(Permission.class);
        keys.removeAll(EnumSet.of(Permission.PRACTICE_SEAT_VIEW, Permission.PRACTICE_SEAT_MANAGE,
                Permission.PRACTICE_INVOICE_VIEW, Permission.PRACTICE_SETTINGS_EDIT,
                Permission.ADMIN_PHI_ACCESS));
        return keys;
    }
}
