package org.billing.iam.core.account;

/**
 * A self-registration request, as the client sent it.
 *
 * @param email login email, normalised to trimmed lower case
 * @param password chosen password
 * @param fullName display name
 * @param phone optional phone number, or null
 */
public record Registration(String email, String password, String fullName, String phone) {

    /** Returns a description without the password. */
    @Override
    public String toString() {
        return "Registration[email=" + email + ", fullName=" + fullName + "]";
    }
}
