package org.billing.iam.core.mfa;

import static org.billing.iam.schema.jooq.Tables.USERS;

import java.util.Optional;
import java.util.UUID;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.auth.MfaPurpose;
import org.billing.iam.core.auth.MfaSessionTokens;
import org.billing.iam.core.auth.MfaTokenClaims;
import org.billing.iam.core.crypto.RecoveryCodes;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.session.NewSession;
import org.billing.iam.core.session.SessionService;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.jooq.DSLContext;

/**
 * The MFA step of a login, reached with an MFA session token of purpose {@code mfa}. Each
 * success opens a new session and clears the failure count. A wrong, replayed or used code
 * and a locked account all give {@link MfaAttempts#INVALID_CODE}, and every one of them
 * counts towards the lock.
 */
public final class MfaLoginService {

    private final DSLContext db;
    private final MfaSessionTokens mfaTokens;
    private final MfaAttempts attempts;
    private final RecoveryCodeStore recoveryCodes;
    private final SessionService sessions;
    private final AuditWriter audit;

    public MfaLoginService(DSLContext db, MfaSessionTokens mfaTokens, MfaAttempts attempts,
            RecoveryCodeStore recoveryCodes, SessionService sessions, AuditWriter audit) {
        this.db = db;
        this.mfaTokens = mfaTokens;
        this.attempts = attempts;
        this.recoveryCodes = recoveryCodes;
        this.sessions = sessions;
        this.audit = audit;
    }

    /**
     * Completes a login with a TOTP code. A code is accepted once: its time step must be
     * later than the last accepted one.
     *
     * @throws UnauthorizedException for an invalid or expired MFA session token
     * @throws BusinessRuleException {@link MfaAttempts#INVALID_CODE}
     */
    public NewSession loginWithTotp(String mfaSessionToken, String code, RequestMetadata request) {
        UsersRecord user = enrolledUser(mfaTokens.verify(mfaSessionToken, MfaPurpose.MFA));
        UUID userId = user.getUserId();

        Optional<String> failure = attempts.totpFailure(user, user.getTotpSecretEncrypted(), code);
        if (failure.isPresent()) {
            throw attempts.reject(userId, "totp", failure.get(), request);
        }

        attempts.succeeded(userId, "totp", request);
        NewSession session = sessions.create(userId, request);
        audit.write(AuditEvent.of(AuditAction.AUTH_LOGIN_MFA_SUCCESS, userId, request)
                .resource("session", session.sessionId())
                .with("method", "totp"));
        return session;
    }

    /**
     * Completes a login with a recovery code, which is then used up. Of concurrent requests
     * with the same code exactly one succeeds.
     *
     * @throws UnauthorizedException for an invalid or expired MFA session token
     * @throws BusinessRuleException {@link MfaAttempts#INVALID_CODE}
     */
    public RecoveryLogin loginWithRecoveryCode(String mfaSessionToken, String code, RequestMetadata request) {
        MfaTokenClaims claims = mfaTokens.verify(mfaSessionToken, MfaPurpose.MFA);
        Optional<String> normalised = RecoveryCodes.normalise(code);

        UsersRecord user = enrolledUser(claims);
        UUID userId = user.getUserId();
        if (attempts.isLocked(user)) {
            throw attempts.reject(userId, "recovery_code", "account_locked", request);
        }

        Optional<UUID> codeId = normalised.flatMap(typed -> recoveryCodes.findUnused(userId, typed));
        if (codeId.isEmpty()) {
            throw attempts.reject(userId, "recovery_code", "invalid_code", request);
        }

        // Checked before the code is used up, so a code that meets a lock stays usable.
        attempts.succeeded(userId, "recovery_code", request);
        if (!recoveryCodes.markUsed(codeId.get())) {
            throw attempts.reject(userId, "recovery_code", "code_already_used", request);
        }
        NewSession session = sessions.create(userId, request);
        int remaining = recoveryCodes.countUnused(userId);
        audit.write(AuditEvent.of(AuditAction.AUTH_LOGIN_RECOVERY_USED, userId, request)
                .resource("session", session.sessionId())
                .with("remaining_recovery_codes", remaining));
        return new RecoveryLogin(session, remaining);
    }

    private UsersRecord enrolledUser(MfaTokenClaims claims) {
        UsersRecord user = db.selectFrom(USERS).where(USERS.USER_ID.eq(claims.userId())).fetchOne();
        if (user == null || !user.getIsActive() || !claims.issuedFor(user.getPasswordHash())
                || !user.getMfaConfigured() || user.getTotpSecretEncrypted() == null) {
            throw new UnauthorizedException(MfaSessionTokens.INVALID_TOKEN);
        }
        return user;
    }
}
