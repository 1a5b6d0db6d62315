package org.billing.iam.core.account;

import org.billing.iam.core.mail.EmailMessage;

/** Texts of the emails the account flows send. */
final class AccountEmails {

    private AccountEmails() {
    }

    static EmailMessage verification(String to, String link) {
        return new EmailMessage(to, "Verify your email address",
                "Welcome to Physician Billing.\n\n"
                        + "Open this link within 24 hours to verify your email address:\n"
                        + link + "\n\n"
                        + "If you did not create an account, ignore this email.\n");
    }

    static EmailMessage existingAccountNotice(String to, String publicUrl) {
        return new EmailMessage(to, "You already have an account",
                "Someone tried to create an account with this email address, which already has one.\n\n"
                        + "If that was you, sign in at " + publicUrl + "/login, or reset your password there "
                        + "if you have forgotten it.\n\n"
                        + "If it was not you, ignore this email. Nothing has changed on your account.\n");
    }
}
