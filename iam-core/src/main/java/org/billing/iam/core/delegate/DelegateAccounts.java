package org.billing.iam.core.delegate;

import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.account.AccountRules;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.auth.LoginLockout;
import org.billing.iam.core.auth.LoginService;
import org.billing.iam.core.crypto.PasswordHasher;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.permission.Role;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account an accepted invitation links: a new delegate account, or an existing one whose
 * owner proved it by being signed in to it or by its password. The Argon2 work happens
 * here, before the accepting transaction starts.
 */
final class DelegateAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(DelegateAccounts.class);

    private final DSLContext db;
    private final PasswordHasher hasher;
    private final LoginLockout lockout;
    private final AuditWriter audit;

    DelegateAccounts(DSLContext db, PasswordHasher hasher, LoginLockout lockout, AuditWriter audit) {
        this.db = db;
        this.hasher = hasher;
        this.lockout = lockout;
        this.audit = audit;
    }

    /**
     * The account to link.
     *
     * @param existingUserId the proven existing delegate account, or null to create one
     * @param fullName the new account's validated name, or null
     * @param passwordHash the new account's Argon2id hash, or null
     */
    record Owner(UUID existingUserId, String fullName, String passwordHash) {

        /** Returns a description without the password hash. */
        @Override
        public String toString() {
            return "Owner[existingUserId=" + existingUserId + "]";
        }
    }

    /**
     * Returns the account for an invited email after checking the caller may use it.
     *
     * @throws org.billing.iam.core.error.ValidationException for a missing name or a weak
     *     password when the email has no account
     * @throws BusinessRuleException for an account of another role, a deactivated account,
     *     missing proof of ownership, or a wrong password
     */
    Owner prove(String email, String fullName, String password, UUID signedInUserId, RequestMetadata request) {
        UsersRecord existing = db.selectFrom(USERS).where(USERS.EMAIL.eq(email)).fetchOne();
        if (existing == null) {
            String name = AccountRules.requireFullName(fullName);
            AccountRules.requireStrongPassword(password);
            return new Owner(null, name, hasher.hash(password));
        }

        if (!Role.DELEGATE.name().equals(existing.getRole())) {
            throw new BusinessRuleException(AcceptanceService.NOT_A_DELEGATE_ACCOUNT);
        }
        if (!existing.getIsActive()) {
            throw new BusinessRuleException(AcceptanceService.ACCOUNT_INACTIVE);
        }
        if (existing.getUserId().equals(signedInUserId)) {
            return new Owner(existing.getUserId(), null, null);
        }
        if (password == null || password.isEmpty()) {
            throw new BusinessRuleException(AcceptanceService.OWNERSHIP_REQUIRED);
        }
        // NOTE: the password alone proves ownership here, without a TOTP code. Linking opens
        // no session, and the link went to the account's inbox, so misuse needs both.
        verifyPassword(existing, password, request);
        return new Owner(existing.getUserId(), null, null);
    }

    /**
     * Inserts a verified delegate account without MFA, or returns empty when the email was
     * taken since {@link #prove} read it.
     */
    Optional<UUID> create(DSLContext transaction, String email, Owner owner, OffsetDateTime now) {
        return transaction.insertInto(USERS)
                .set(USERS.EMAIL, email)
                .set(USERS.PASSWORD_HASH, owner.passwordHash())
                .set(USERS.FULL_NAME, owner.fullName())
                .set(USERS.ROLE, Role.DELEGATE.name())
                .set(USERS.EMAIL_VERIFIED, true)
                .set(USERS.CREATED_AT, now)
                .set(USERS.UPDATED_AT, now)
                .onConflict(USERS.EMAIL).doNothing()
                .returning(USERS.USER_ID)
                .fetchOptional(USERS.USER_ID);
    }

    /**
     * Checks the password of an existing account. A wrong password, or any password while the
     * account is locked, counts as a failed login attempt towards the lockout, as at sign-in.
     */
    private void verifyPassword(UsersRecord account, String password, RequestMetadata request) {
        AccountRules.requireLoginPassword(password);
        boolean matches = hasher.verify(account.getPasswordHash(), password);
        boolean locked = lockout.isLocked(account.getLockedUntil());
        if (matches && !locked) {
            return;
        }
        String reason = locked ? "account_locked" : "invalid_password";
        lockout.recordFailure(account.getUserId());
        LOG.debug("Invitation password check failed for user {}: {}", account.getUserId(), reason);
        audit.write(AuditEvent.of(AuditAction.AUTH_LOGIN_FAILED, account.getUserId(), request)
                .with("reason", reason)
                .with("via", "invitation"));
        throw new BusinessRuleException(LoginService.INVALID_CREDENTIALS);
    }
}
