package org.billing.iam.core.delegate;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import org.billing.iam.core.permission.Permission;

/**
 * One delegate linkage as shown to its physician.
 *
 * @param linkageId the linkage
 * @param delegateUserId the delegate account
 * @param fullName the delegate's name
 * @param email the delegate's login email
 * @param permissions the keys the linkage grants
 * @param canApproveBatches whether the delegate may approve batches
 * @param lastSignInAt creation time of the delegate's latest session, or null when none is stored
 * @param active whether the linkage is active; removal makes it inactive
 */
public record DelegateSummary(UUID linkageId, UUID delegateUserId, String fullName, String email,
        Set<Permission> permissions, boolean canApproveBatches, OffsetDateTime lastSignInAt, boolean active) {

    public DelegateSummary {
        permissions = Set.copyOf(permissions);
    }
}
