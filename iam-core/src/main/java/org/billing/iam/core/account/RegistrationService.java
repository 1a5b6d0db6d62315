package org.billing.iam.core.account;

import static org.billing.iam.schema.jooq.Tables.EMAIL_VERIFICATION_TOKENS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.billing.iam.core.IamSettings;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.crypto.PasswordHasher;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.mail.Mailer;
import org.billing.iam.core.permission.Role;
import org.jooq.DSLContext;

/**
 * Physician self-registration and email verification.
 *
 * <p>Registration returns the same result for a new and an existing email, and both pay
 * one Argon2 hash and send one email: a verification link to a new account, a notice to
 * the owner of an existing one. Verification tokens are stored only as SHA-256.
 */
public final class RegistrationService {

    /** Lifetime of an email-verification link. */
    public static final Duration VERIFICATION_LIFETIME = Duration.ofHours(24);
    /** Error message for an unknown, expired or already used verification token. */
    public static final String INVALID_VERIFICATION = "This verification link is invalid or has expired.";

    private static final Pattern TOKEN_FORMAT = Pattern.compile("[0-9a-f]{64}");

    private final DSLContext db;
    private final Clock clock;
    private final IamSettings settings;
    private final PasswordHasher hasher;
    private final SecureTokens tokens;
    private final Mailer mailer;
    private final AuditWriter audit;

    public RegistrationService(DSLContext db, Clock clock, IamSettings settings, PasswordHasher hasher,
            SecureTokens tokens, Mailer mailer, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.hasher = hasher;
        this.tokens = tokens;
        this.mailer = mailer;
        this.audit = audit;
    }

    /**
     * Registers a physician, or sends a notice when the email already has an account. The
     * caller cannot tell the two apart.
     *
     * @throws org.billing.iam.core.error.ValidationException naming the first invalid field
     */
    public void register(Registration registration, RequestMetadata request) {
        String email = AccountRules.requireValidEmail(registration.email());
        AccountRules.requireStrongPassword(registration.password());
        String fullName = AccountRules.requireFullName(registration.fullName());
        String phone = AccountRules.optionalPhone(registration.phone());

        String passwordHash = hasher.hash(registration.password());

        Optional<UUID> created = db.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            Optional<UUID> userId = insertUser(transaction, email, passwordHash, fullName, phone);
            userId.ifPresent(id -> startVerification(transaction, id, email, request));
            return userId;
        });
        if (created.isEmpty()) {
            notifyExistingAccount(email, request);
        }
    }

    /**
     * Marks the email of the token's account as verified. The token works once.
     *
     * @throws BusinessRuleException {@link #INVALID_VERIFICATION} for a malformed, unknown,
     *     expired or used token
     */
    public void verifyEmail(String token, RequestMetadata request) {
        if (token == null || !TOKEN_FORMAT.matcher(token).matches()) {
            throw new BusinessRuleException(INVALID_VERIFICATION);
        }

        OffsetDateTime now = Timestamps.now(clock);
        UUID userId = db.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            UUID owner = transaction.update(EMAIL_VERIFICATION_TOKENS)
                    .set(EMAIL_VERIFICATION_TOKENS.USED, true)
                    .where(EMAIL_VERIFICATION_TOKENS.TOKEN_HASH.eq(Sha256.hex(token)))
                    .and(EMAIL_VERIFICATION_TOKENS.USED.isFalse())
                    .and(EMAIL_VERIFICATION_TOKENS.EXPIRES_AT.gt(now))
                    .returning(EMAIL_VERIFICATION_TOKENS.USER_ID)
                    .fetchOne(EMAIL_VERIFICATION_TOKENS.USER_ID);
            if (owner == null) {
                return null;
            }
            transaction.update(USERS)
                    .set(USERS.EMAIL_VERIFIED, true)
                    .set(USERS.UPDATED_AT, now)
                    .where(USERS.USER_ID.eq(owner))
                    .execute();
            audit.write(transaction, AuditEvent.of(AuditAction.AUTH_EMAIL_VERIFIED, owner, request)
                    .resource("user", owner));
            return owner;
        });

        if (userId == null) {
            throw new BusinessRuleException(INVALID_VERIFICATION);
        }
    }

    /** Inserts the account unless the email is taken, in one statement so concurrent registrations cannot both win. */
    private Optional<UUID> insertUser(DSLContext transaction, String email, String passwordHash,
            String fullName, String phone) {
        OffsetDateTime now = Timestamps.now(clock);
        return transaction.insertInto(USERS)
                .set(USERS.EMAIL, email)
                .set(USERS.PASSWORD_HASH, passwordHash)
                .set(USERS.FULL_NAME, fullName)
                .set(USERS.PHONE, phone)
                .set(USERS.ROLE, Role.PHYSICIAN.name())
                .set(USERS.CREATED_AT, now)
                .set(USERS.UPDATED_AT, now)
                .onConflict(USERS.EMAIL).doNothing()
                .returning(USERS.USER_ID)
                .fetchOptional(USERS.USER_ID);
    }

    /** Stores a verification token and sends its link; a mail failure rolls the account back. */
    private void startVerification(DSLContext transaction, UUID userId, String email, RequestMetadata request) {
        String token = tokens.hexToken();
        OffsetDateTime now = Timestamps.now(clock);
        transaction.insertInto(EMAIL_VERIFICATION_TOKENS)
                .set(EMAIL_VERIFICATION_TOKENS.USER_ID, userId)
                .set(EMAIL_VERIFICATION_TOKENS.TOKEN_HASH, Sha256.hex(token))
                .set(EMAIL_VERIFICATION_TOKENS.EXPIRES_AT, now.plus(VERIFICATION_LIFETIME))
                .set(EMAIL_VERIFICATION_TOKENS.CREATED_AT, now)
                .execute();
        audit.write(transaction, AuditEvent.of(AuditAction.AUTH_REGISTERED, userId, request)
                .resource("user", userId)
                .with("result", "created"));
        mailer.send(AccountEmails.verification(email, settings.publicUrl() + "/verify-email?token=" + token));
    }

    private void notifyExistingAccount(String email, RequestMetadata request) {
        UUID existing = db.select(USERS.USER_ID).from(USERS).where(USERS.EMAIL.eq(email)).fetchOne(USERS.USER_ID);
        audit.write(AuditEvent.of(AuditAction.AUTH_REGISTERED, existing, request)
                .resource("user", existing)
                .with("result", "existing_account"));
        mailer.send(AccountEmails.existingAccountNotice(email, settings.publicUrl()));
    }
}
