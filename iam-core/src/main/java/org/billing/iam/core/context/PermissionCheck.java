package org.billing.iam.core.context;

import java.util.EnumSet;
import java.util.Set;
import org.billing.iam.core.error.ForbiddenException;
import org.billing.iam.core.permission.AccessLevel;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.permission.Role;

/**
 * Decides whether a caller may use a permission, for services that embed iam-core instead
 * of asking the IAM service over HTTP. A permission is allowed when the context has it
 * and the subscription that gates the request allows it:
 *
 * <ul>
 *   <li>{@code TRIAL} and {@code ACTIVE} allow every permission.
 *   <li>{@code PAST_DUE} allows the {@linkplain #READ_ONLY read-only} permissions: every
 *       {@code *_VIEW} key, plus {@code REPORT_EXPORT} and {@code DATA_EXPORT}, which only
 *       read data out.
 *   <li>{@code SUSPENDED} and {@code CANCELLED} allow only {@linkplain #ACCOUNT_ONLY account
 *       management and data export}.
 * </ul>
 *
 * <p>For a delegate acting for a physician, the physician's subscription gates the request,
 * as carried in {@link AuthContext#accessLevel()}.
 */
public final class PermissionCheck {

    /** Keys allowed while the subscription is past due. */
    public static final Set<Permission> READ_ONLY = readOnly();
    /** Keys allowed while the subscription is suspended or cancelled. */
    public static final Set<Permission> ACCOUNT_ONLY = Set.copyOf(EnumSet.of(Permission.SUBSCRIPTION_MANAGE,
            Permission.SETTINGS_VIEW, Permission.SETTINGS_EDIT, Permission.DATA_EXPORT));

    /** Error message for a delegate that has not chosen a physician to act for. */
    public static final String CHOOSE_PHYSICIAN = "Choose a physician to act for before using this feature.";
    /** Error message for a write while the subscription is past due. */
    public static final String READ_ONLY_SUBSCRIPTION =
            "The subscription is past due, so only viewing and exporting data is allowed. Update the payment details.";
    /** Error message for anything but account management while the subscription is suspended or cancelled. */
    public static final String ACCOUNT_ONLY_SUBSCRIPTION =
            "The subscription is suspended or cancelled, so only account management and data export are allowed.";

    private PermissionCheck() {
    }

    /** Returns whether the caller has the permission and its subscription allows it. */
    public static boolean allows(AuthContext caller, Permission permission) {
        return caller.has(permission) && allowedAt(caller.accessLevel(), permission);
    }

    /**
     * Checks that the caller has the permission and that its subscription allows it.
     *
     * @throws ForbiddenException naming the missing permission, or saying what the
     *     subscription allows
     */
    public static void require(AuthContext caller, Permission permission) {
        if (!caller.has(permission)) {
            if (caller.role() == Role.DELEGATE && caller.actingForPhysicianId() == null) {
                throw new ForbiddenException(CHOOSE_PHYSICIAN);
            }
            throw new ForbiddenException("Permission " + permission.key() + " is required.");
        }
        if (!allowedAt(caller.accessLevel(), permission)) {
            throw new ForbiddenException(caller.accessLevel() == AccessLevel.READ_ONLY
                    ? READ_ONLY_SUBSCRIPTION
                    : ACCOUNT_ONLY_SUBSCRIPTION);
        }
    }

    /** Returns whether an access level allows a permission, independent of the caller. */
    public static boolean allowedAt(AccessLevel level, Permission permission) {
        return switch (level) {
            case FULL -> true;
            case READ_ONLY -> READ_ONLY.contains(permission);
            case ACCOUNT_ONLY -> ACCOUNT_ONLY.contains(permission);
        };
    }

    private static Set<Permission> readOnly() {
        EnumSet<Permission> keys = EnumSet.of(Permission.REPORT_EXPORT, Permission.DATA_EXPORT);
        for (Permission permission : Permission.values()) {
            if (permission.key().endsWith("_VIEW")) {
                keys.add(permission);
            }
        }
        return Set.copyOf(keys);
    }
}
