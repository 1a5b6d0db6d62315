package org.billing.iam.core.mfa;

import org.billing.iam.core.session.NewSession;

/**
 * Result of a login with a recovery code.
 *
 * @param session the new session
 * @param remainingRecoveryCodes unused codes left after this one
 * @param regenerationRecommended whether {@link RecoveryCodeStore#LOW_CODE_THRESHOLD} or
 *     fewer codes are left, so the user should regenerate them
 */
public record RecoveryLogin(NewSession session, int remainingRecoveryCodes, boolean regenerationRecommended) {

    /** Creates the result, deriving the recommendation from the remaining count. */
    public RecoveryLogin(NewSession session, int remainingRecoveryCodes) {
        this(session, remainingRecoveryCodes, RecoveryCodeStore.isLow(remainingRecoveryCodes));
    }
}
