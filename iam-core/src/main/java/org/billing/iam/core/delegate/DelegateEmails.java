package org.billing.iam.core.delegate;

import org.billing.iam.core.mail.EmailMessage;

/** Texts of the emails the delegate flows send. */
final class DelegateEmails {

    private DelegateEmails() {
    }

    static EmailMessage invitation(String to, String physicianName, String link) {
        return new EmailMessage(to, physicianName + " invited you to Physician Billing",
                physicianName + " invited you to work on their behalf in Physician Billing.\n\n"
                        + "Open this link within 72 hours to accept the invitation:\n"
                        + link + "\n\n"
                        + "If you did not expect this invitation, ignore this email.\n");
    }
}
