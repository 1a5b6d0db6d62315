package org.billing.iam.core.session;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One row of the session validation statement: a session, its owner, and the linkage and
 * physician a delegate session acts for, which are null when the session acts for none.
 *
 * @param permissions the linkage's permissions as JSON text
 */
record ValidationRow(
        String tokenHash,
        UUID sessionId,
        UUID userId,
        OffsetDateTime createdAt,
        OffsetDateTime lastActiveAt,
        boolean ownerActive,
        String role,
        String subscriptionStatus,
        UUID linkageId,
        String permissions,
        Boolean canApproveBatches,
        UUID physicianUserId,
        String physicianSubscriptionStatus) {
}
