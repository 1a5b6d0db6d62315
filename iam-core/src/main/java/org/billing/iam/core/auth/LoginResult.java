package org.billing.iam.core.auth;

/**
 * Outcome of a correct password: the client continues with the MFA step, or with MFA
 * enrolment when the account has none yet. Exactly one of the two flags is true.
 *
 * @param mfaSessionToken signed token for the next step, valid five minutes
 * @param mfaRequired the next step is a TOTP or recovery code
 * @param mfaSetupRequired the next step is MFA enrolment
 */
public record LoginResult(String mfaSessionToken, boolean mfaRequired, boolean mfaSetupRequired) {

    /** Returns a description without the token. */
    @Override
    public String toString() {
        return "LoginResult[mfaRequired=" + mfaRequired + ", mfaSetupRequired=" + mfaSetupRequired + "]";
    }
}
