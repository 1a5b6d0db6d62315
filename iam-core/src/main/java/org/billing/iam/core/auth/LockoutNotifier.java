package org.billing.iam.core.auth;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.billing.iam.core.mail.DeferredEmail;
import org.billing.iam.core.mail.EmailMessage;
import org.billing.iam.core.mail.Mailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emails the owner of an account that has just been locked. The email goes out on the
 * background executor, so the attempt that set the lock returns as fast as any other failed
 * attempt and its timing does not reveal that the email belongs to an account.
 */
public final class LockoutNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(LockoutNotifier.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private final Mailer mailer;
    private final String publicUrl;
    private final Executor background;

    public LockoutNotifier(Mailer mailer, String publicUrl, Executor background) {
        this.mailer = mailer;
        this.publicUrl = publicUrl;
        this.background = background;
    }

    /** Queues the lock notice for the account's email; a full or stopped executor is logged and skipped. */
    public void accountLocked(UUID userId, String email, OffsetDateTime lockedUntil) {
        EmailMessage message = new EmailMessage(email, "Your account has been locked",
                "Your Physician Billing account was locked after " + LoginLockout.MAX_FAILED_ATTEMPTS
                        + " failed sign-in attempts. It unlocks at " + TIME.format(lockedUntil) + ".\n\n"
                        + "If these attempts were not yours, reset your password from the sign-in page at "
                        + publicUrl + "/login. A password reset also ends the lock.\n");
        try {
            background.execute(DeferredEmail.of(mailer, message, userId));
        } catch (RejectedExecutionException e) {
            LOG.warn("Lockout email for user {} was not queued", userId, e);
        }
    }
}
