package org.billing.iam.core.mail;

/**
 * A plain-text email.
 *
 * @param to recipient address
 * @param subject subject line
 * @param textBody body as plain text; may contain a link with a token, so it is never logged
 */
public record EmailMessage(String to, String subject, String textBody) {

    /** Returns a description safe to log: recipient and subject, never the body. */
    @Override
    public String toString() {
        return "EmailMessage[to=" + to + ", subject=" + subject + "]";
    }
}
