package org.billing.iam.core.mfa;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.auth.LoginLockout;
import org.billing.iam.core.crypto.Totp;
import org.billing.iam.core.crypto.TotpSecretCipher;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks of TOTP codes and the bookkeeping of failed MFA attempts, shared by enrolment and
 * login. A failure counts towards the same lock as a wrong password.
 */
public final class MfaAttempts {

    /** Error message for every failed code, whether wrong, replayed, used, or rejected by a lock. */
    public static final String INVALID_CODE = "Invalid verification code.";

    private static final Logger LOG = LoggerFactory.getLogger(MfaAttempts.class);

    private final Totp totp;
    private final TotpSecretCipher cipher;
    private final TotpReplayGuard replayGuard;
    private final LoginLockout lockout;
    private final AuditWriter audit;

    public MfaAttempts(Totp totp, TotpSecretCipher cipher, TotpReplayGuard replayGuard, LoginLockout lockout,
            AuditWriter audit) {
        this.totp = totp;
        this.cipher = cipher;
        this.replayGuard = replayGuard;
        this.lockout = lockout;
        this.audit = audit;
    }

    /**
     * Returns why a TOTP code is rejected, or empty when it is accepted. Acceptance records its
     * time step, so the same code is rejected the next time.
     */
    Optional<String> totpFailure(UsersRecord user, String encryptedSecret, String code) {
        if (lockout.isLocked(user.getLockedUntil())) {
            return Optional.of("account_locked");
        }
        OptionalLong step = totp.matchingStep(cipher.decrypt(encryptedSecret), code);
        if (step.isEmpty()) {
            return Optional.of("invalid_code");
        }
        if (!replayGuard.accept(user.getUserId(), step.getAsLong())) {
            return Optional.of("replayed_code");
        }
        return Optional.empty();
    }

    boolean isLocked(UsersRecord user) {
        return lockout.isLocked(user.getLockedUntil());
    }

    /** Counts the failure, logs and audits it, and returns the exception to throw. */
    BusinessRuleException reject(UUID userId, String method, String reason, RequestMetadata request) {
        lockout.recordFailure(userId);
        LOG.debug("MFA step failed for user {}: {} {}", userId, method, reason);
        audit.write(AuditEvent.of(AuditAction.AUTH_LOGIN_MFA_FAILED, userId, request)
                .with("method", method)
                .with("reason", reason));
        return new BusinessRuleException(INVALID_CODE);
    }

    /**
     * Clears the failure count after a correct code. Call it before granting anything.
     *
     * @throws BusinessRuleException {@link #INVALID_CODE}, counted and audited as
     *     {@code account_locked}, when a lock set since the account was read is in force
     */
    void succeeded(UUID userId, String method, RequestMetadata request) {
        if (!lockout.reset(userId)) {
            throw reject(userId, method, "account_locked", request);
        }
    }
}
