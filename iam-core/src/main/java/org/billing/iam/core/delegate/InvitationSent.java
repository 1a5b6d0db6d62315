package org.billing.iam.core.delegate;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An invitation just sent. The token exists only in the emailed link, never here.
 *
 * @param invitationId the invitation
 * @param expiresAt when the emailed link stops working
 */
public record InvitationSent(UUID invitationId, OffsetDateTime expiresAt) {
}
