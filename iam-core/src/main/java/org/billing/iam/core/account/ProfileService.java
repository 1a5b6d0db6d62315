package org.billing.iam.core.account;

import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.context.AuthContextResolver;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.schema.jooq.tables.records.UsersRecord;
import org.jooq.DSLContext;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;

/**
 * Changes a signed-in user makes to their own profile. Audit entries name the changed
 * fields, not their values.
 */
public final class ProfileService {

    /** Maximum secondary email length, the size of {@code users.secondary_email}. */
    public static final int MAX_SECONDARY_EMAIL_LENGTH = 100;
    /** Error message for a secondary email equal to the login email. */
    public static final String SECONDARY_EQUALS_PRIMARY = "The secondary email must differ from the login email.";

    private final DSLContext db;
    private final Clock clock;
    private final AuditWriter audit;

    public ProfileService(DSLContext db, Clock clock, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Updates the full name and the phone number. A null argument leaves that field as it is;
     * a blank phone removes the number.
     *
     * @throws ValidationException naming the invalid field, or {@code null} when both are null
     * @throws UnauthorizedException when the account is deactivated or missing
     */
    public void updateProfile(UUID userId, String fullName, String phone, RequestMetadata request) {
        if (fullName == null && phone == null) {
            throw new ValidationException(null, "Provide a full name or a phone number to update.");
        }
        String validName = fullName == null ? null : AccountRules.requireFullName(fullName);
        String validPhone = phone == null ? null : AccountRules.optionalPhone(phone);

        List<String> fields = new ArrayList<>();
        UpdateSetMoreStep<UsersRecord> update = db.update(USERS).set(USERS.UPDATED_AT, Timestamps.now(clock));
        if (fullName != null) {
            update = update.set(USERS.FULL_NAME, validName);
            fields.add("full_name");
        }
        if (phone != null) {
            update = update.set(USERS.PHONE, validPhone);
            fields.add("phone");
        }
        requireOneRow(update.where(USERS.USER_ID.eq(userId)).and(USERS.IS_ACTIVE.isTrue()).execute());
        audit.write(AuditEvent.of(AuditAction.ACCOUNT_UPDATED, userId, request)
                .resource("user", userId)
                .with("fields", fields));
    }

    /**
     * Sets the address for compliance notices, or removes it when {@code email} is null or
     * blank. It is never a login and needs no verification.
     *
     * @throws ValidationException for an invalid address or one longer than
     *     {@value #MAX_SECONDARY_EMAIL_LENGTH} characters
     * @throws BusinessRuleException {@link #SECONDARY_EQUALS_PRIMARY}
     * @throws UnauthorizedException when the account is deactivated or missing
     */
    public void setSecondaryEmail(UUID userId, String email, RequestMetadata request) {
        String secondary = email == null || email.isBlank() ? null : requireValidSecondary(email);

        String primary = db.select(USERS.EMAIL).from(USERS)
                .where(USERS.USER_ID.eq(userId))
                .and(USERS.IS_ACTIVE.isTrue())
                .fetchOne(USERS.EMAIL);
        requireOneRow(primary == null ? 0 : 1);
        if (Objects.equals(primary, secondary)) {
            throw new BusinessRuleException(SECONDARY_EQUALS_PRIMARY);
        }

        requireOneRow(db.update(USERS)
                .set(USERS.SECONDARY_EMAIL, secondary)
                .set(USERS.UPDATED_AT, Timestamps.now(clock))
                .where(USERS.USER_ID.eq(userId))
                .and(USERS.IS_ACTIVE.isTrue())
                .and(secondary == null ? DSL.noCondition() : USERS.EMAIL.ne(secondary))
                .execute());
        audit.write(AuditEvent.of(AuditAction.ACCOUNT_SECONDARY_EMAIL_UPDATED, userId, request)
                .resource("user", userId)
                .with("result", secondary == null ? "removed" : "set"));
    }

    private static String requireValidSecondary(String email) {
        // Not canonicalEmail: its errors would name the login email field.
        String canonical = email.strip().toLowerCase(Locale.ROOT);
        if (canonical.length() > MAX_SECONDARY_EMAIL_LENGTH) {
            throw new ValidationException("secondary_email", "Secondary email must be at most "
                    + MAX_SECONDARY_EMAIL_LENGTH + " characters.");
        }
        if (!AccountRules.isValidEmail(canonical)) {
            throw new ValidationException("secondary_email", "Secondary email is not a valid address.");
        }
        return canonical;
    }

    private static void requireOneRow(int rows) {
        if (rows != 1) {
            throw new UnauthorizedException(AuthContextResolver.SIGN_IN_REQUIRED);
        }
    }
}
