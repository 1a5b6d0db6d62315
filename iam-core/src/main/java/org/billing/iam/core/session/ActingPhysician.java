package org.billing.iam.core.session;

import java.util.Set;
import java.util.UUID;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.permission.SubscriptionStatus;

/**
 * The physician a delegate session acts for, read in the query that validates the session.
 * It exists only while the chosen linkage is active and the physician's account is active.
 *
 * @param linkageId the delegate linkage in use
 * @param physicianUserId the physician
 * @param permissions the keys that linkage grants now
 * @param physicianSubscription the physician's subscription status, which gates the delegate's access
 */
public record ActingPhysician(UUID linkageId, UUID physicianUserId, Set<Permission> permissions,
        SubscriptionStatus physicianSubscription) {

    public ActingPhysician {
        permissions = Set.copyOf(permissions);
    }
}
