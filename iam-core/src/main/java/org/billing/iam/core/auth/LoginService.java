package org.billing.iam.core.auth;

import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.util.UUID;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.account.AccountRules;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.crypto.PasswordHasher;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password step of a login. It never creates a session: a correct password yields a
 * short-lived token for the MFA step, or for MFA enrolment when the account has none.
 *
 * <p>Unknown email, wrong password, locked account and deactivated account all raise the
 * same error at the same Argon2 cost. Only after a correct password on an unlocked
 * account does an unverified email get a message of its own.
 *
 * <p>A correct password does not reset the failed-attempt counter; only a completed login
 * (the MFA step or MFA enrolment) does. Otherwise someone who knows the password could
 * alternate password logins with TOTP guesses and never reach the lock.
 */
public final class LoginService {

    /** Error message for every credential failure. */
    public static final String INVALID_CREDENTIALS = "Invalid email or password.";
    /** Error message for a correct password on an account whose email is not verified yet. */
    public static final String EMAIL_NOT_VERIFIED =
            "Email address not verified. Open the link in the verification email first.";

    private static final Logger LOG = LoggerFactory.getLogger(LoginService.class);

    private final DSLContext db;
    private final Clock clock;
    private final PasswordHasher hasher;
    private final LoginLockout lockout;
    private final MfaSessionTokens mfaTokens;
    private final AuditWriter audit;
    private final String dummyHash;

    public LoginService(DSLContext db, Clock clock, PasswordHasher hasher, SecureTokens tokens,
            LoginLockout lockout, MfaSessionTokens mfaTokens, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.hasher = hasher;
        this.lockout = lockout;
        this.mfaTokens = mfaTokens;
        this.audit = audit;
        // Verified against when the email is unknown, so that failure costs one Argon2 run too.
        this.dummyHash = hasher.hash(tokens.hexToken());
    }

    /**
     * Checks an email and password.
     *
     * @throws org.billing.iam.core.error.ValidationException when email or password is missing
     * @throws BusinessRuleException {@link #INVALID_CREDENTIALS} for every credential failure,
     *     or {@link #EMAIL_NOT_VERIFIED}
     */
    public LoginResult login(String email, String password, RequestMetadata request) {
        String canonicalEmail = AccountRules.canonicalEmail(email);
        AccountRules.requireLoginPassword(password);

        UsersRecord user = db.selectFrom(USERS).where(USERS.EMAIL.eq(canonicalEmail)).fetchOne();
        if (user == null) {
            // NOTE: a known account's failure also runs the counter UPDATE, which this branch
            // skips. The difference is one indexed write, small beside the Argon2 run.
            hasher.verify(dummyHash, password);
            throw unknownEmail(canonicalEmail, request);
        }

        boolean passwordMatches = hasher.verify(user.getPasswordHash(), password);
        boolean locked = lockout.isLocked(user.getLockedUntil());
        if (locked || !passwordMatches) {
            lockout.recordFailure(user.getUserId());
            throw failure(user.getUserId(), locked ? "account_locked" : "invalid_password", request);
        }
        if (!user.getIsActive()) {
            throw failure(user.getUserId(), "account_inactive", request);
        }
        if (!user.getEmailVerified()) {
            recordFailure(user.getUserId(), "email_not_verified", request);
            throw new BusinessRuleException(EMAIL_NOT_VERIFIED);
        }

        String passwordHash = rehashIfOutdated(user, password);
        MfaPurpose purpose = user.getMfaConfigured() ? MfaPurpose.MFA : MfaPurpose.MFA_SETUP;
        audit.write(AuditEvent.of(AuditAction.AUTH_LOGIN_SUCCESS, user.getUserId(), request)
                .with("next_step", purpose.value()));
        String token = mfaTokens.issue(user.getUserId(), purpose, passwordHash);
        return new LoginResult(token, purpose == MfaPurpose.MFA, purpose == MfaPurpose.MFA_SETUP);
    }

    private BusinessRuleException unknownEmail(String canonicalEmail, RequestMetadata request) {
        LOG.debug("Login failed for an unknown email: unknown_email");
        audit.write(AuditEvent.of(AuditAction.AUTH_LOGIN_FAILED, null, request)
                .with("reason", "unknown_email")
                .with("email", AccountRules.emailForAudit(canonicalEmail)));
        return new BusinessRuleException(INVALID_CREDENTIALS);
    }

    private BusinessRuleException failure(UUID userId, String reason, RequestMetadata request) {
        recordFailure(userId, reason, request);
        return new BusinessRuleException(INVALID_CREDENTIALS);
    }

    private void recordFailure(UUID userId, String reason, RequestMetadata request) {
        LOG.debug("Login failed for user {}: {}", userId, reason);
        audit.write(AuditEvent.of(AuditAction.AUTH_LOGIN_FAILED, userId, request).with("reason", reason));
    }

    /**
     * Upgrades a hash made with weaker Argon2 settings while the plaintext is at hand, and
     * returns the password hash stored now, which the MFA session token is bound to.
     */
    private String rehashIfOutdated(UsersRecord user, String password) {
        if (!hasher.needsRehash(user.getPasswordHash())) {
            return user.getPasswordHash();
        }
        String upgraded = hasher.hash(password);
        int updated = db.update(USERS)
                .set(USERS.PASSWORD_HASH, upgraded)
                .set(USERS.UPDATED_AT, Timestamps.now(clock))
                .where(USERS.USER_ID.eq(user.getUserId()))
                .and(USERS.PASSWORD_HASH.eq(user.getPasswordHash()))
                .execute();
        // Zero rows: the password changed meanwhile, and the token of the old one must not work.
        return updated == 1 ? upgraded : user.getPasswordHash();
    }
}
