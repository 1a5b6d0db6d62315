package org.billing.iam.core.auth;

import java.util.Optional;

/** Step an MFA session token allows: the MFA step of a login, or enrolment of a first authenticator. */
public enum MfaPurpose {
    /** The user has MFA and must pass it to get a session. */
    MFA("mfa"),
    /** The user has no MFA yet and must enrol before getting a session. */
    MFA_SETUP("mfa_setup");

    private final String value;

    MfaPurpose(String value) {
        this.value = value;
    }

    /** Returns the form carried inside the token. */
    public String value() {
        return value;
    }

    static Optional<MfaPurpose> fromValue(String value) {
        for (MfaPurpose purpose : values()) {
            if (purpose.value.equals(value)) {
                return Optional.of(purpose);
            }
        }
        return Optional.empty();
    }
}
