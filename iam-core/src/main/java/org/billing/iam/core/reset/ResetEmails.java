package org.billing.iam.core.reset;

import org.billing.iam.core.mail.EmailMessage;

/** Texts of the emails the password flows send. */
final class ResetEmails {

    private ResetEmails() {
    }

    static EmailMessage resetLink(String to, String link) {
        return new EmailMessage(to, "Reset your password",
                "Someone asked to reset the password of your Physician Billing account.\n\n"
                        + "Open this link within one hour to choose a new password:\n"
                        + link + "\n\n"
                        + "Choosing a new password signs you out on every device. If you did not ask for "
                        + "this, ignore this email: your password stays as it is.\n");
    }

    static EmailMessage passwordChanged(String to, String publicUrl) {
        return new EmailMessage(to, "Your password was changed",
                "The password of your Physician Billing account was just changed through a reset link, "
                        + "and every session was signed out.\n\n"
                        + "If you did not do this, reset your password again from the sign-in page at "
                        + publicUrl + "/login and contact support.\n");
    }
}
