package org.billing.iam.core.session;

import java.util.UUID;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;

/**
 * A session that passed validation, with the owner's account state read in the same query.
 *
 * @param sessionId the session
 * @param userId its owner
 * @param role the owner's role
 * @param subscriptionStatus the owner's subscription status
 * @param actingFor for a delegate session, the physician it acts for now; otherwise null
 */
public record ActiveSession(UUID sessionId, UUID userId, Role role, SubscriptionStatus subscriptionStatus,
        ActingPhysician actingFor) {

    /** Creates a session that acts for no physician. */
    public ActiveSession(UUID sessionId, UUID userId, Role role, SubscriptionStatus subscriptionStatus) {
        this(sessionId, userId, role, subscriptionStatus, null);
    }
}
