package org.billing.iam.core.delegate;

import java.util.UUID;

/**
 * The result of accepting an invitation.
 *
 * @param linkageId the linkage created or re-activated
 * @param delegateUserId the delegate account
 * @param physicianUserId the physician the delegate now serves
 * @param accountCreated whether the acceptance created the delegate account
 * @param mfaSetupToken for a created account, a short-lived token for MFA enrolment, the
 *     next step as after a first sign-in; null for an existing account
 */
public record AcceptedInvitation(UUID linkageId, UUID delegateUserId, UUID physicianUserId,
        boolean accountCreated, String mfaSetupToken) {

    /** Returns a description without the MFA setup token. */
    @Override
    public String toString() {
        return "AcceptedInvitation[linkageId=" + linkageId + ", delegateUserId=" + delegateUserId
                + ", physicianUserId=" + physicianUserId + ", accountCreated=" + accountCreated + "]";
    }
}
