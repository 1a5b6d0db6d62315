package org.billing.iam.core.account;

import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.billing.iam.core.IamSettings;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.crypto.PasswordHasher;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.mail.EmailMessage;
import org.billing.iam.core.mail.Mailer;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.reset.ResetTokens;
import org.jooq.DSLContext;

/**
 * Creation of administrator accounts by an operator. An administrator never self-registers:
 * the account starts with the hash of a random password that is discarded at once, and an emailed
 * single-use link lets the new administrator choose a password through the password-reset
 * flow. The first sign-in then requires MFA enrolment, as for every account without MFA.
 */
public final class AdminProvisioningService {

    /** Lifetime of the enrolment link. */
    public static final Duration ENROLMENT_LINK_LIFETIME = Duration.ofHours(72);
    /** Error message for an email that already has an account. */
    public static final String EMAIL_TAKEN = "An account with this email already exists.";

    private final DSLContext db;
    private final Clock clock;
    private final IamSettings settings;
    private final PasswordHasher hasher;
    private final SecureTokens tokens;
    private final ResetTokens resetTokens;
    private final Mailer mailer;
    private final AuditWriter audit;

    public AdminProvisioningService(DSLContext db, Clock clock, IamSettings settings, PasswordHasher hasher,
            SecureTokens tokens, ResetTokens resetTokens, Mailer mailer, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.hasher = hasher;
        this.tokens = tokens;
        this.resetTokens = resetTokens;
        this.mailer = mailer;
        this.audit = audit;
    }

    /**
     * Creates an ADMIN account and emails its enrolment link,
     * {@code {publicUrl}/reset-password?token=...}, valid for {@link #ENROLMENT_LINK_LIFETIME}.
     * A mail failure rolls the account back, so the operator can run the command again.
     *
     * @return the new account's id
     * @throws org.billing.iam.core.error.ValidationException for an invalid email or name
     * @throws BusinessRuleException {@link #EMAIL_TAKEN}
     * @throws org.billing.iam.core.mail.MailException when the email could not be sent
     */
    public UUID createAdmin(String email, String fullName) {
        String canonicalEmail = AccountRules.requireValidEmail(email);
        String validName = AccountRules.requireFullName(fullName);
        // A real Argon2 hash of a discarded random secret: no password matches it, and a login
        // attempt costs the same as for any other account.
        String unusableHash = hasher.hash(tokens.hexToken());

        return db.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            UUID userId = insertAdmin(transaction, canonicalEmail, unusableHash, validName);
            String token = resetTokens.issue(transaction, userId, ENROLMENT_LINK_LIFETIME);
            audit.write(transaction, AuditEvent.of(AuditAction.AUTH_REGISTERED, userId, null)
                    .resource("user", userId)
                    .with("role", Role.ADMIN.name())
                    .with("result", "provisioned_by_operator"));
            mailer.send(enrolmentEmail(canonicalEmail, settings.publicUrl() + "/reset-password?token=" + token));
            return userId;
        });
    }

    private UUID insertAdmin(DSLContext transaction, String email, String passwordHash, String fullName) {
        OffsetDateTime now = Timestamps.now(clock);
        return transaction.insertInto(USERS)
                .set(USERS.EMAIL, email)
                .set(USERS.PASSWORD_HASH, passwordHash)
                .set(USERS.FULL_NAME, fullName)
                .set(USERS.ROLE, Role.ADMIN.name())
                .set(USERS.CREATED_AT, now)
                .set(USERS.UPDATED_AT, now)
                .onConflict(USERS.EMAIL).doNothing()
                .returning(USERS.USER_ID)
                .fetchOptional(USERS.USER_ID)
                .orElseThrow(() -> new BusinessRuleException(EMAIL_TAKEN));
    }

    private static EmailMessage enrolmentEmail(String to, String link) {
        return new EmailMessage(to, "Your administrator account",
                "An operator created a Physician Billing administrator account for this address.\n\n"
                        + "Open this link within 72 hours to choose your password:\n"
                        + link + "\n\n"
                        + "At your first sign-in you will set up an authenticator app.\n");
    }
}
