package org.billing.iam.core.mail;

/** A message could not be sent or stored. */
public final class MailException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MailException(String message, Throwable cause) {
        super(message, cause);
    }
}
