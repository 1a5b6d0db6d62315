package org.billing.iam.core.account;

import static org.billing.iam.schema.jooq.Tables.ACCOUNT_DELETIONS;
import static org.billing.iam.schema.jooq.Tables.DELEGATE_LINKAGES;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.auth.LoginLockout;
import org.billing.iam.core.context.AuthContextResolver;
import org.billing.iam.core.crypto.PasswordHasher;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.mfa.StepUpVerification;
import org.billing.iam.core.session.RevocationReason;
import org.billing.iam.core.session.SessionService;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletion of an account by its owner. The request needs the password, a current TOTP code
 * and the typed word {@value #CONFIRMATION}. It deactivates the account at once and
 * schedules its data for removal {@link #GRACE_PERIOD} later.
 */
public final class AccountDeletionService {

    /** Word the user types to confirm. */
    public static final String CONFIRMATION = "DELETE";
    /** Time from the request to the scheduled removal of the data. */
    public static final Duration GRACE_PERIOD = Duration.ofDays(30);
    /** Error message for a wrong password, or any password while the account is locked. */
    public static final String INVALID_PASSWORD = "Invalid password.";

    private static final Logger LOG = LoggerFactory.getLogger(AccountDeletionService.class);

    private final DSLContext db;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final LoginLockout lockout;
    private final StepUpVerification stepUp;
    private final SessionService sessions;
    private final AuditWriter audit;

    public AccountDeletionService(DSLContext db, Clock clock, PasswordHasher hasher, LoginLockout lockout,
            StepUpVerification stepUp, SessionService sessions, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.hasher = hasher;
        this.lockout = lockout;
        this.stepUp = stepUp;
        this.sessions = sessions;
        this.audit = audit;
    }

    /**
     * Checks the password, then the TOTP code, then in one transaction deactivates the
     * account, revokes every session with reason {@code account_deleted}, deactivates every
     * delegate linkage in which the user is the physician or the delegate, and records the
     * scheduled removal. A wrong password or code counts towards the failed-attempt lock.
     *
     * @return when the account's data is due for removal
     * @throws ValidationException when the confirmation is not exactly {@value #CONFIRMATION}
     *     or the password is missing
     * @throws BusinessRuleException {@link #INVALID_PASSWORD}, or
     *     {@link org.billing.iam.core.mfa.MfaAttempts#INVALID_CODE}
     * @throws UnauthorizedException when the account is already deactivated or missing
     */
    public OffsetDateTime deleteAccount(UUID userId, String password, String totpCode, String confirmation,
            RequestMetadata request) {
        if (!CONFIRMATION.equals(confirmation)) {
            throw new ValidationException("confirmation", "Type " + CONFIRMATION + " to confirm the deletion.");
        }
        AccountRules.requireLoginPassword(password);

        requirePassword(userId, password, request);
        stepUp.requireTotp(userId, totpCode, "account_deletion", request);

        OffsetDateTime now = Timestamps.now(clock);
        OffsetDateTime scheduledFor = now.plus(GRACE_PERIOD);
        db.transaction(configuration -> deactivate(configuration.dsl(), userId, now, scheduledFor, request));
        LOG.info("Account {} deactivated; its data is due for removal at {}", userId, scheduledFor);
        return scheduledFor;
    }

    private void requirePassword(UUID userId, String password, RequestMetadata request) {
        UsersRecord user = db.selectFrom(USERS).where(USERS.USER_ID.eq(userId)).fetchOne();
        if (user == null || !user.getIsActive()) {
            throw new UnauthorizedException(AuthContextResolver.SIGN_IN_REQUIRED);
        }
        boolean matches = hasher.verify(user.getPasswordHash(), password);
        boolean locked = lockout.isLocked(user.getLockedUntil());
        if (locked || !matches) {
            lockout.recordFailure(userId);
            LOG.debug("Account deletion rejected for user {}: {}", userId, locked ? "account_locked" : "invalid_password");
            audit.write(AuditEvent.of(AuditAction.AUTH_LOGIN_FAILED, userId, request)
                    .with("method", "account_deletion")
                    .with("reason", locked ? "account_locked" : "invalid_password"));
            throw new BusinessRuleException(INVALID_PASSWORD);
        }
    }

    private void deactivate(DSLContext transaction, UUID userId, OffsetDateTime now, OffsetDateTime scheduledFor,
            RequestMetadata request) {
        int deactivated = transaction.update(USERS)
                .set(USERS.IS_ACTIVE, false)
                .set(USERS.UPDATED_AT, now)
                .where(USERS.USER_ID.eq(userId))
                .and(USERS.IS_ACTIVE.isTrue())
                .execute();
        if (deactivated != 1) {
            // A concurrent deletion won; this transaction rolls back.
            throw new UnauthorizedException(AuthContextResolver.SIGN_IN_REQUIRED);
        }

        int revokedSessions = sessions.revokeAll(transaction, userId, RevocationReason.ACCOUNT_DELETED);
        int deactivatedLinkages = transaction.update(DELEGATE_LINKAGES)
                .set(DELEGATE_LINKAGES.IS_ACTIVE, false)
                .set(DELEGATE_LINKAGES.UPDATED_AT, now)
                .where(DELEGATE_LINKAGES.PHYSICIAN_USER_ID.eq(userId).or(DELEGATE_LINKAGES.DELEGATE_USER_ID.eq(userId)))
                .and(DELEGATE_LINKAGES.IS_ACTIVE.isTrue())
                .execute();
        transaction.insertInto(ACCOUNT_DELETIONS)
                .set(ACCOUNT_DELETIONS.USER_ID, userId)
                .set(ACCOUNT_DELETIONS.REQUESTED_AT, now)
                .set(ACCOUNT_DELETIONS.SCHEDULED_FOR, scheduledFor)
                .onConflict(ACCOUNT_DELETIONS.USER_ID)
                .doUpdate()
                .set(ACCOUNT_DELETIONS.REQUESTED_AT, now)
                .set(ACCOUNT_DELETIONS.SCHEDULED_FOR, scheduledFor)
                .execute();
        audit.write(transaction, AuditEvent.of(AuditAction.ACCOUNT_DELETION_REQUESTED, userId, request)
                .resource("user", userId)
                .with("scheduled_for", scheduledFor.toString())
                .with("revoked_sessions", revokedSessions)
                .with("deactivated_linkages", deactivatedLinkages));
    }
}
