package org.billing.iam.core.mfa;

import static org.billing.iam.schema.jooq.Tables.USERS;

import java.util.Optional;
import java.util.UUID;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.context.AuthContextResolver;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.jooq.DSLContext;

/**
 * Step-up check of a signed-in user: a current TOTP code from the active authenticator
 * before a sensitive change. It shares the replay guard and the failed-attempt lock with the
 * login steps, and a failure is audited as {@code auth.login_mfa_failed} with the change
 * named in {@code method}.
 */
public final class StepUpVerification {

    private final DSLContext db;
    private final MfaAttempts attempts;

    public StepUpVerification(DSLContext db, MfaAttempts attempts) {
        this.db = db;
        this.attempts = attempts;
    }

    /**
     * Accepts a TOTP code of the user's active secret, clears the failed-attempt counter and
     * returns the user's row.
     *
     * @param method the change being confirmed, such as {@code account_deletion}, for the audit entry
     * @throws UnauthorizedException when the account is deactivated or missing
     * @throws BusinessRuleException {@link MfaAttempts#INVALID_CODE} for a wrong or replayed
     *     code, a locked account or an account without MFA
     */
    public UsersRecord requireTotp(UUID userId, String code, String method, RequestMetadata request) {
        UsersRecord user = db.selectFrom(USERS).where(USERS.USER_ID.eq(userId)).fetchOne();
        if (user == null || !user.getIsActive()) {
            throw new UnauthorizedException(AuthContextResolver.SIGN_IN_REQUIRED);
        }
        if (!user.getMfaConfigured() || user.getTotpSecretEncrypted() == null) {
            throw attempts.reject(userId, method, "mfa_not_configured", request);
        }

        Optional<String> failure = attempts.totpFailure(user, user.getTotpSecretEncrypted(), code);
        if (failure.isPresent()) {
            throw attempts.reject(userId, method, failure.get(), request);
        }
        attempts.succeeded(userId, method, request);
        return user;
    }
}
