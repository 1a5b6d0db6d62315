package org.billing.iam.core.mfa;

import java.util.List;
import org.billing.iam.core.session.NewSession;

/**
 * Result of a confirmed MFA enrolment.
 *
 * @param recoveryCodes the ten new recovery codes in display form, shown this once only
 * @param session the session that completes the login
 */
public record MfaEnrolment(List<String> recoveryCodes, NewSession session) {

    public MfaEnrolment {
        recoveryCodes = List.copyOf(recoveryCodes);
    }

    /** Returns a description without codes or token. */
    @Override
    public String toString() {
        return "MfaEnrolment[recoveryCodes=" + recoveryCodes.size() + ", session=" + session + "]";
    }
}
