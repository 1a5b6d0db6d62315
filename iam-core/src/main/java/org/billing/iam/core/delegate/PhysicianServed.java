package org.billing.iam.core.delegate;

import java.util.Set;
import java.util.UUID;
import org.billing.iam.core.permission.Permission;

/**
 * A physician a delegate serves through an active linkage.
 *
 * @param linkageId the linkage
 * @param physicianUserId the physician
 * @param physicianName the physician's name
 * @param permissions the keys the linkage grants
 * @param canApproveBatches whether the delegate may approve batches for this physician
 * @param current whether the session asking acts for this physician now
 */
public record PhysicianServed(UUID linkageId, UUID physicianUserId, String physicianName,
        Set<Permission> permissions, boolean canApproveBatches, boolean current) {

    public PhysicianServed {
        permissions = Set.copyOf(permissions);
    }
}
