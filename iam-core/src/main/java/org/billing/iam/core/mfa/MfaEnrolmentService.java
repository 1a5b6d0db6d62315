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
import org.billing.iam.core.auth.MfaPurpose;
import org.billing.iam.core.auth.MfaSessionTokens;
import org.billing.iam.core.auth.MfaTokenClaims;
import org.billing.iam.core.crypto.Base32;
import org.billing.iam.core.crypto.OtpauthUri;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.TotpSecretCipher;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.session.NewSession;
import org.billing.iam.core.session.SessionService;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.jooq.DSLContext;

/**
 * First TOTP enrolment, reached with an MFA session token of purpose {@code mfa_setup}. The
 * new secret waits in {@code pending_totp_secrets} until a code from it is confirmed, so an
 * abandoned enrolment changes nothing.
 */
public final class MfaEnrolmentService {

    /** Size of a new TOTP secret in bytes (160 bits, the HMAC-SHA1 key size RFC 4226 recommends). */
    public static final int SECRET_BYTES = 20;
    /** Error message when the account already has an active authenticator. */
    public static final String ALREADY_CONFIGURED = "MFA is already set up for this account.";
    /** Error message for a confirmation without a preceding setup. */
    public static final String NO_PENDING_SETUP = "Start MFA setup before confirming a code.";

    private final DSLContext db;
    private final Clock clock;
    private final IamSettings settings;
    private final SecureTokens tokens;
    private final TotpSecretCipher cipher;
    private final MfaSessionTokens mfaTokens;
    private final MfaAttempts attempts;
    private final RecoveryCodeStore recoveryCodes;
    private final SessionService sessions;
    private final AuditWriter audit;

    public MfaEnrolmentService(DSLContext db, Clock clock, IamSettings settings, SecureTokens tokens,
            TotpSecretCipher cipher, MfaSessionTokens mfaTokens, MfaAttempts attempts,
            RecoveryCodeStore recoveryCodes, SessionService sessions, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.tokens = tokens;
        this.cipher = cipher;
        this.mfaTokens = mfaTokens;
        this.attempts = attempts;
        this.recoveryCodes = recoveryCodes;
        this.sessions = sessions;
        this.audit = audit;
    }

    /**
     * Generates a new secret, stores it encrypted as pending (replacing an earlier pending
     * one), and returns it for the authenticator app.
     */
    public MfaSetup setup(String mfaSessionToken) {
        MfaTokenClaims claims = mfaTokens.verify(mfaSessionToken, MfaPurpose.MFA_SETUP);
        UsersRecord user = unenrolledUser(claims);
        UUID userId = user.getUserId();

        String secret = Base32.encode(tokens.bytes(SECRET_BYTES));
        String encrypted = cipher.encrypt(secret);
        db.insertInto(PENDING_TOTP_SECRETS)
                .set(PENDING_TOTP_SECRETS.USER_ID, userId)
                .set(PENDING_TOTP_SECRETS.TOTP_SECRET_ENCRYPTED, encrypted)
                .set(PENDING_TOTP_SECRETS.CREATED_AT, Timestamps.now(clock))
                .onConflict(PENDING_TOTP_SECRETS.USER_ID)
                .doUpdate()
                .set(PENDING_TOTP_SECRETS.TOTP_SECRET_ENCRYPTED, encrypted)
                .set(PENDING_TOTP_SECRETS.CREATED_AT, Timestamps.now(clock))
                .execute();
        return new MfaSetup(OtpauthUri.of(settings.totpIssuer(), user.getEmail(), secret), secret);
    }

    /**
     * Activates the pending secret once a code from it is correct, replaces the recovery codes
     * with ten new ones and opens a session, all in one transaction.
     *
     * @throws BusinessRuleException {@link MfaAttempts#INVALID_CODE} for a wrong or replayed
     *     code or a locked account, {@link #NO_PENDING_SETUP} or {@link #ALREADY_CONFIGURED}
     */
    public MfaEnrolment confirm(String mfaSessionToken, String code, RequestMetadata request) {
        MfaTokenClaims claims = mfaTokens.verify(mfaSessionToken, MfaPurpose.MFA_SETUP);

        UsersRecord user = unenrolledUser(claims);
        UUID userId = user.getUserId();
        String pendingSecret = db.select(PENDING_TOTP_SECRETS.TOTP_SECRET_ENCRYPTED)
                .from(PENDING_TOTP_SECRETS)
                .where(PENDING_TOTP_SECRETS.USER_ID.eq(userId))
                .fetchOne(PENDING_TOTP_SECRETS.TOTP_SECRET_ENCRYPTED);
        if (pendingSecret == null) {
            throw new BusinessRuleException(NO_PENDING_SETUP);
        }

        Optional<String> failure = attempts.totpFailure(user, pendingSecret, code);
        if (failure.isPresent()) {
            throw attempts.reject(userId, "totp_enrolment", failure.get(), request);
        }
        attempts.succeeded(userId, "totp_enrolment", request);

        RecoveryCodeStore.IssuedCodes issued = recoveryCodes.issue();
        NewSession session = db.transactionResult(configuration ->
                activate(configuration.dsl(), userId, pendingSecret, issued, request));
        audit.write(AuditEvent.of(AuditAction.AUTH_MFA_SETUP, userId, request)
                .resource("session", session.sessionId()));
        return new MfaEnrolment(issued.codes(), session);
    }

    private NewSession activate(DSLContext transaction, UUID userId, String encryptedSecret,
            RecoveryCodeStore.IssuedCodes issued, RequestMetadata request) {
        OffsetDateTime now = Timestamps.now(clock);
        int activated = transaction.update(USERS)
                .set(USERS.TOTP_SECRET_ENCRYPTED, encryptedSecret)
                .set(USERS.MFA_CONFIGURED, true)
                .set(USERS.UPDATED_AT, now)
                .where(USERS.USER_ID.eq(userId))
                .and(USERS.MFA_CONFIGURED.isFalse())
                .execute();
        if (activated != 1) {
            // A concurrent confirmation won; this transaction rolls back.
            throw new BusinessRuleException(ALREADY_CONFIGURED);
        }
        transaction.deleteFrom(PENDING_TOTP_SECRETS).where(PENDING_TOTP_SECRETS.USER_ID.eq(userId)).execute();
        recoveryCodes.replace(transaction, userId, issued);
        return sessions.create(transaction, userId, request);
    }

    private UsersRecord unenrolledUser(MfaTokenClaims claims) {
        UsersRecord user = db.selectFrom(USERS).where(USERS.USER_ID.eq(claims.userId())).fetchOne();
        if (user == null || !user.getIsActive() || !claims.issuedFor(user.getPasswordHash())) {
            throw new UnauthorizedException(MfaSessionTokens.INVALID_TOKEN);
        }
        if (user.getMfaConfigured()) {
            throw new BusinessRuleException(ALREADY_CONFIGURED);
        }
        return user;
    }
}
