package org.billing.iam.core.reset;

import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.billing.iam.core.IamSettings;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.account.AccountRules;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.crypto.PasswordHasher;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.mail.DeferredEmail;
import org.billing.iam.core.mail.Mailer;
import org.billing.iam.core.session.RevocationReason;
import org.billing.iam.core.session.SessionService;
import org.jooq.DSLContext;
import org.jooq.Record2;

/**
 * Password reset by emailed link.
 *
 * <p>{@link #requestReset} returns normally and with the same kind of value for every
 * email: the database work is one transaction either way, and the email is not sent inside
 * the call. The caller writes the response first and then runs the returned
 * {@link DeferredEmail}, which for an unknown or deactivated email sends nothing, so the
 * response time does not tell whether the email has an account.
 *
 * <p>{@link #reset} consumes the token, sets the new password, marks the email verified
 * (the link proved control of it), clears the failed-attempt counter and any lock, ends every
 * session and voids the user's other reset links, all in one transaction. MFA stays as it
 * was: the next sign-in still needs the authenticator or a recovery code.
 */
public final class PasswordResetService {

    /** Lifetime of a reset link. */
    public static final Duration RESET_LIFETIME = Duration.ofHours(1);
    /** Error message for a malformed, unknown, expired or used reset token. */
    public static final String INVALID_RESET_LINK = "This password reset link is invalid or has expired. "
            + "Request a new one.";

    private final DSLContext db;
    private final Clock clock;
    private final IamSettings settings;
    private final PasswordHasher hasher;
    private final ResetTokens resetTokens;
    private final Mailer mailer;
    private final SessionService sessions;
    private final AuditWriter audit;

    public PasswordResetService(DSLContext db, Clock clock, IamSettings settings, PasswordHasher hasher,
            ResetTokens resetTokens, Mailer mailer, SessionService sessions, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.hasher = hasher;
        this.resetTokens = resetTokens;
        this.mailer = mailer;
        this.sessions = sessions;
        this.audit = audit;
    }

    /**
     * Starts a reset. For an active account it stores a token valid for
     * {@link #RESET_LIFETIME} and returns the email with the link
     * {@code {publicUrl}/reset-password?token=...}; for any other email it returns an email
     * that sends nothing. Run the result after responding.
     *
     * @throws org.billing.iam.core.error.ValidationException when the email is missing
     */
    public DeferredEmail requestReset(String email, RequestMetadata request) {
        String canonicalEmail = AccountRules.canonicalEmail(email);

        return db.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            Record2<UUID, Boolean> user = transaction.select(USERS.USER_ID, USERS.IS_ACTIVE)
                    .from(USERS)
                    .where(USERS.EMAIL.eq(canonicalEmail))
                    .fetchOne();
            if (user == null || !user.value2()) {
                audit.write(transaction, AuditEvent.of(AuditAction.AUTH_PASSWORD_RESET_REQUESTED,
                                user == null ? null : user.value1(), request)
                        .with("result", user == null ? "unknown_email" : "account_inactive")
                        .with("email", AccountRules.emailForAudit(canonicalEmail)));
                return DeferredEmail.none();
            }

            UUID userId = user.value1();
            String token = resetTokens.issue(transaction, userId, RESET_LIFETIME);
            audit.write(transaction, AuditEvent.of(AuditAction.AUTH_PASSWORD_RESET_REQUESTED, userId, request)
                    .resource("user", userId)
                    .with("result", "link_issued"));
            String link = settings.publicUrl() + "/reset-password?token=" + token;
            return DeferredEmail.of(mailer, ResetEmails.resetLink(canonicalEmail, link), userId);
        });
    }

    /**
     * Sets a new password with a reset or enrolment token. The token works once: of two
     * concurrent resets with it, one succeeds and the other raises {@link #INVALID_RESET_LINK}.
     *
     * @throws BusinessRuleException {@link #INVALID_RESET_LINK} for a malformed, unknown,
     *     expired or used token, or one whose account is deactivated
     * @throws org.billing.iam.core.error.ValidationException when the new password breaks the
     *     policy; the token stays usable
     */
    public void reset(String token, String newPassword, RequestMetadata request) {
        if (!ResetTokens.isWellFormed(token)) {
            throw new BusinessRuleException(INVALID_RESET_LINK);
        }
        AccountRules.requireStrongPassword(newPassword);

        String passwordHash = hasher.hash(newPassword);

        Optional<DeferredEmail> notice = db.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            Optional<UUID> userId = resetTokens.consume(transaction, token);
            if (userId.isEmpty()) {
                return Optional.empty();
            }
            return applyReset(transaction, userId.get(), passwordHash, request);
        });

        if (notice.isEmpty()) {
            throw new BusinessRuleException(INVALID_RESET_LINK);
        }
        notice.get().run();
    }

    /**
     * Updates the account and returns the password-changed notice to send after commit, or
     * empty when the account is deactivated.
     */
    private Optional<DeferredEmail> applyReset(DSLContext transaction, UUID userId, String passwordHash,
            RequestMetadata request) {
        Optional<String> email = transaction.update(USERS)
                .set(USERS.PASSWORD_HASH, passwordHash)
                .set(USERS.EMAIL_VERIFIED, true)
                .set(USERS.FAILED_LOGIN_COUNT, 0)
                .setNull(USERS.LOCKED_UNTIL)
                .set(USERS.UPDATED_AT, Timestamps.now(clock))
                .where(USERS.USER_ID.eq(userId))
                .and(USERS.IS_ACTIVE.isTrue())
                .returning(USERS.EMAIL)
                .fetchOptional(USERS.EMAIL);
        if (email.isEmpty()) {
            return Optional.empty();
        }

        int revokedSessions = sessions.revokeAll(transaction, userId, RevocationReason.PASSWORD_RESET);
        resetTokens.invalidateAll(transaction, userId);
        audit.write(transaction, AuditEvent.of(AuditAction.AUTH_PASSWORD_RESET_COMPLETED, userId, request)
                .resource("user", userId)
                .with("revoked_sessions", revokedSessions));
        return Optional.of(DeferredEmail.of(mailer, ResetEmails.passwordChanged(email.get(), settings.publicUrl()),
                userId));
    }
}
