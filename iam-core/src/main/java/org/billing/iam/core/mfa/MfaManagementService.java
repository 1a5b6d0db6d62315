package org.billing.iam.core.mfa;

import static org.billing.iam.schema.jooq.Tables.PENDING_TOTP_SECRETS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.billing.iam.core.IamSettings;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.crypto.Base32;
import org.billing.iam.core.crypto.OtpauthUri;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.TotpSecretCipher;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.jooq.DSLContext;

/**
 * MFA changes by a signed-in user, each confirmed with a current TOTP code.
 *
 * <p>Reconfiguring is two steps. {@link #reconfigure} stores a new secret as pending and the
 * active secret keeps working; {@link #confirmReconfiguration} swaps the secrets once a code
 * from the new one is correct. Abandoning after the first step leaves the account as it was.
 * The replay guard is per user, so the confirming code must come from a later 30-second step
 * than the code that started the change.
 */
public final class MfaManagementService {

    /** Error message for a confirmation without a preceding {@link #reconfigure}. */
    public static final String NO_PENDING_RECONFIGURATION = "Start the authenticator change before confirming a code.";

    private final DSLContext db;
    private final Clock clock;
    private final IamSettings settings;
    private final SecureTokens tokens;
    private final TotpSecretCipher cipher;
    private final StepUpVerification stepUp;
    private final MfaAttempts attempts;
    private final RecoveryCodeStore recoveryCodes;
    private final AuditWriter audit;

    public MfaManagementService(DSLContext db, Clock clock, IamSettings settings, SecureTokens tokens,
            TotpSecretCipher cipher, MfaAttempts attempts, RecoveryCodeStore recoveryCodes, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.tokens = tokens;
        this.cipher = cipher;
        this.stepUp = new StepUpVerification(db, attempts);
        this.attempts = attempts;
        this.recoveryCodes = recoveryCodes;
        this.audit = audit;
    }

    /**
     * Replaces every recovery code of the user, used or not, with ten new ones.
     *
     * @throws BusinessRuleException {@link MfaAttempts#INVALID_CODE} for a wrong or replayed
     *     code or a locked account
     */
    public NewRecoveryCodes regenerateRecoveryCodes(UUID userId, String totpCode, RequestMetadata request) {
        stepUp.requireTotp(userId, totpCode, "recovery_code_regeneration", request);

        RecoveryCodeStore.IssuedCodes issued = recoveryCodes.issue();
        db.transaction(configuration -> {
            DSLContext transaction = configuration.dsl();
            recoveryCodes.replace(transaction, userId, issued);
            audit.write(transaction, AuditEvent.of(AuditAction.ACCOUNT_RECOVERY_CODES_REGENERATED, userId, request)
                    .resource("user", userId)
                    .with("issued", issued.codes().size()));
        });
        return new NewRecoveryCodes(issued.codes());
    }

    /**
     * Generates a new secret and stores it encrypted as pending, replacing an earlier pending
     * one. The active secret stays in force until {@link #confirmReconfiguration}.
     *
     * @throws BusinessRuleException {@link MfaAttempts#INVALID_CODE} for a wrong or replayed
     *     code of the active secret, or a locked account
     */
    public MfaSetup reconfigure(UUID userId, String currentTotpCode, RequestMetadata request) {
        UsersRecord user = stepUp.requireTotp(userId, currentTotpCode, "mfa_reconfiguration", request);

        String secret = Base32.encode(tokens.bytes(MfaEnrolmentService.SECRET_BYTES));
        String encrypted = cipher.encrypt(secret);
        OffsetDateTime now = Timestamps.now(clock);
        db.transaction(configuration -> {
            DSLContext transaction = configuration.dsl();
            transaction.insertInto(PENDING_TOTP_SECRETS)
                    .set(PENDING_TOTP_SECRETS.USER_ID, userId)
                    .set(PENDING_TOTP_SECRETS.TOTP_SECRET_ENCRYPTED, encrypted)
                    .set(PENDING_TOTP_SECRETS.CREATED_AT, now)
                    .onConflict(PENDING_TOTP_SECRETS.USER_ID)
                    .doUpdate()
                    .set(PENDING_TOTP_SECRETS.TOTP_SECRET_ENCRYPTED, encrypted)
                    .set(PENDING_TOTP_SECRETS.CREATED_AT, now)
                    .execute();
            audit.write(transaction, AuditEvent.of(AuditAction.ACCOUNT_MFA_RECONFIGURED, userId, request)
                    .resource("user", userId)
                    .with("stage", "started"));
        });
        return new MfaSetup(OtpauthUri.of(settings.totpIssuer(), user.getEmail(), secret), secret);
    }

    /**
     * Makes the pending secret the active one once a code from it is correct. Recovery codes
     * and sessions stay as they are.
     *
     * @throws BusinessRuleException {@link #NO_PENDING_RECONFIGURATION}, or
     *     {@link MfaAttempts#INVALID_CODE} for a wrong or replayed code or a locked account
     */
    public void confirmReconfiguration(UUID userId, String newTotpCode, RequestMetadata request) {
        UsersRecord user = db.selectFrom(USERS)
                .where(USERS.USER_ID.eq(userId))
                .and(USERS.IS_ACTIVE.isTrue())
                .and(USERS.MFA_CONFIGURED.isTrue())
                .fetchOne();
        String pendingSecret = db.select(PENDING_TOTP_SECRETS.TOTP_SECRET_ENCRYPTED)
                .from(PENDING_TOTP_SECRETS)
                .where(PENDING_TOTP_SECRETS.USER_ID.eq(userId))
                .fetchOne(PENDING_TOTP_SECRETS.TOTP_SECRET_ENCRYPTED);
        if (user == null || pendingSecret == null) {
            throw new BusinessRuleException(NO_PENDING_RECONFIGURATION);
        }

        Optional<String> failure = attempts.totpFailure(user, pendingSecret, newTotpCode);
        if (failure.isPresent()) {
            throw attempts.reject(userId, "mfa_reconfiguration_confirm", failure.get(), request);
        }
        attempts.succeeded(userId, "mfa_reconfiguration_confirm", request);

        db.transaction(configuration -> activate(configuration.dsl(), userId, pendingSecret, request));
    }

    private void activate(DSLContext transaction, UUID userId, String pendingSecret, RequestMetadata request) {
        // Deleting only the secret that was checked keeps a concurrent reconfigure, which
        // replaced the pending row in the meantime, from being activated unchecked.
        int claimed = transaction.deleteFrom(PENDING_TOTP_SECRETS)
                .where(PENDING_TOTP_SECRETS.USER_ID.eq(userId))
                .and(PENDING_TOTP_SECRETS.TOTP_SECRET_ENCRYPTED.eq(pendingSecret))
                .execute();
        if (claimed != 1) {
            throw new BusinessRuleException(NO_PENDING_RECONFIGURATION);
        }
        transaction.update(USERS)
                .set(USERS.TOTP_SECRET_ENCRYPTED, pendingSecret)
                .set(USERS.UPDATED_AT, Timestamps.now(clock))
                .where(USERS.USER_ID.eq(userId))
                .execute();
        audit.write(transaction, AuditEvent.of(AuditAction.ACCOUNT_MFA_RECONFIGURED, userId, request)
                .resource("user", userId)
                .with("stage", "completed"));
    }
}
