package org.billing.iam.core.context;

import java.util.Set;
import java.util.UUID;
import org.billing.iam.core.permission.AccessLevel;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;

/**
 * Identity and permissions of the caller, resolved from a session token for one request.
 *
 * @param userId the signed-in user
 * @param role the user's role
 * @param subscriptionStatus the user's subscription status
 * @param accessLevel what that status allows
 * @param sessionId the session of this request
 * @param permissions the keys the role grants; empty for a delegate until it acts for a physician
 * @param actingForPhysicianId the physician a delegate acts for, or null
 * @param linkageId the delegate linkage in use, or null
 */
public record AuthContext(
        UUID userId,
        Role role,
        SubscriptionStatus subscriptionStatus,
        AccessLevel accessLevel,
        UUID sessionId,
        Set<Permission> permissions,
        UUID actingForPhysicianId,
        UUID linkageId) {

    public AuthContext {
        permissions = Set.copyOf(permissions);
    }

    /** Returns whether the caller has a permission. */
    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }
}
