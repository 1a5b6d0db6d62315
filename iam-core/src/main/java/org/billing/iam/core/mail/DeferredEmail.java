package org.billing.iam.core.mail;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An email that a request has decided to send but has not sent yet. Flows whose response must
 * not reveal whether an account exists return one of these for every outcome, and the
 * caller runs it after the response is written: the unknown-email outcome is an empty
 * instance that sends nothing, so both outcomes reach the client equally fast.
 *
 * <p>{@link #run()} sends at most once and never throws: the response is gone by then, so
 * a mail failure is logged at WARN with the user id and the subject, never the body.
 */
public final class DeferredEmail implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(DeferredEmail.class);

    private final Mailer mailer;
    private final EmailMessage message;
    private final UUID userId;
    private final AtomicBoolean started = new AtomicBoolean();

    private DeferredEmail(Mailer mailer, EmailMessage message, UUID userId) {
        this.mailer = mailer;
        this.message = message;
        this.userId = userId;
    }

    /** Returns an instance that sends nothing, for an outcome without an email. */
    public static DeferredEmail none() {
        return new DeferredEmail(null, null, null);
    }

    /** Returns an instance that sends {@code message}, about the account {@code userId}, when run. */
    public static DeferredEmail of(Mailer mailer, EmailMessage message, UUID userId) {
        return new DeferredEmail(mailer, message, userId);
    }

    /** Sends the message the first time it is called; later calls and the empty instance do nothing. */
    @Override
    public void run() {
        if (message == null || !started.compareAndSet(false, true)) {
            return;
        }
        try {
            mailer.send(message);
        } catch (RuntimeException e) {
            LOG.warn("Sending the email '{}' for user {} failed", message.subject(), userId, e);
        }
    }

    /** Returns a description without recipient or body, the same for every instance. */
    @Override
    public String toString() {
        return "DeferredEmail";
    }
}
