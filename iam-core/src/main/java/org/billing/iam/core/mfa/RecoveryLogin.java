package org.billing.iam.core.mfa;

import org.billing.iam.core.session.NewSession;

/**
 * Result of a login with a recovery code.
 *
 * @param session the new session
 * @param remainingRecoveryCodes unused codes left after this one
 */
public record RecoveryLogin(NewSession session, int remainingRecoveryCodes) {
}
