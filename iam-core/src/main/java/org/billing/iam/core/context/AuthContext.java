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
 * <p>A delegate has no permissions of its own. Once it has chosen a physician with an
 * active linkage, the context carries that physician's id, the linkage and the linkage's
 * permissions, and the physician's subscription status, because the physician's
 * subscription decides what may be done with the physician's data.
 *
 * @param userId the signed-in user
 * @param role the user's role
 * @param subscriptionStatus the subscription status that gates this request: the user's own,
 *     or for a delegate acting for a physician, that physician's
 * @param accessLevel what that status allows
 * @param sessionId the session of this request
 * @param permissions the keys the role grants, or for a delegate the keys of the linkage in use;
 *     empty for a delegate that acts for nobody
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

    /**
     * Returns whether the caller has a permission, ignoring the subscription. Use
     * {@link PermissionCheck} to decide whether a request is allowed.
     */
    public boolean has(Permission permission) {
        return permissions.contains(permission);
    }
}
