package org.billing.iam.core.mail;

/** Sends email. Implementations never log the body, which may carry a token. */
public interface Mailer {

    /**
     * Sends one message.
     *
     * @throws MailException when the message could not be handed over
     */
    void send(EmailMessage message);
}
