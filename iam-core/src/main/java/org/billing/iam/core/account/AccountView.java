package org.billing.iam.core.account;

import java.time.OffsetDateTime;
import java.util.UUID;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;

/**
 * An account as shown to its owner, without any hash or secret.
 *
 * @param userId the account
 * @param email login email
 * @param fullName display name
 * @param phone phone number, or null
 * @param secondaryEmail address for compliance notices, never a login, or null
 * @param role account role
 * @param emailVerified whether the email link was opened
 * @param mfaConfigured whether an authenticator is enrolled
 * @param subscriptionStatus billing state
 * @param createdAt when the account was created
 * @param unusedRecoveryCodes how many recovery codes remain
 * @param regenerationRecommended whether the account has MFA and
 *     {@link org.billing.iam.core.mfa.RecoveryCodeStore#LOW_CODE_THRESHOLD} or fewer codes
 *     remain, so the user should regenerate them
 */
public record AccountView(
        UUID userId,
        String email,
        String fullName,
        String phone,
        String secondaryEmail,
        Role role,
        boolean emailVerified,
        boolean mfaConfigured,
        SubscriptionStatus subscriptionStatus,
        OffsetDateTime createdAt,
        int unusedRecoveryCodes,
        boolean regenerationRecommended) {
}
