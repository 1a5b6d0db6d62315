package org.billing.iam.core.delegate;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import org.billing.iam.core.permission.Permission;

/**
 * An invitation that was neither accepted nor withdrawn, as shown to its physician.
 *
 * @param invitationId the invitation
 * @param email the invited address, lower-cased
 * @param permissions the keys the delegate gets on acceptance
 * @param expiresAt when the current link stops working
 * @param createdAt when the invitation was sent with its current permissions
 * @param expired whether the link has expired; {@code resend} issues a new one
 */
public record PendingInvitation(UUID invitationId, String email, Set<Permission> permissions,
        OffsetDateTime expiresAt, OffsetDateTime createdAt, boolean expired) {

    public PendingInvitation {
        permissions = Set.copyOf(permissions);
    }
}
