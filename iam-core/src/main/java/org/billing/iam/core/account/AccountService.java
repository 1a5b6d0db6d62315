package org.billing.iam.core.account;

import static org.billing.iam.schema.jooq.Tables.RECOVERY_CODES;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.util.Optional;
import java.util.UUID;
import org.billing.iam.core.mfa.RecoveryCodeStore;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** Reads of the signed-in user's own account. */
public final class AccountService {

    private final DSLContext db;

    public AccountService(DSLContext db) {
        this.db = db;
    }

    /** Returns the account view of a user, or empty when no such user exists. */
    public Optional<AccountView> view(UUID userId) {
        Field<Integer> unusedCodes = DSL.selectCount()
                .from(RECOVERY_CODES)
                .where(RECOVERY_CODES.USER_ID.eq(USERS.USER_ID))
                .and(RECOVERY_CODES.USED.isFalse())
                .asField("unused_recovery_codes");
        return db.select(USERS.USER_ID, USERS.EMAIL, USERS.FULL_NAME, USERS.PHONE, USERS.SECONDARY_EMAIL, USERS.ROLE,
                        USERS.EMAIL_VERIFIED, USERS.MFA_CONFIGURED, USERS.SUBSCRIPTION_STATUS, USERS.CREATED_AT,
                        unusedCodes)
                .from(USERS)
                .where(USERS.USER_ID.eq(userId))
                .fetchOptional(row -> toView(row, unusedCodes));
    }

    private static AccountView toView(Record row, Field<Integer> unusedCodes) {
        boolean fewCodesLeft = row.get(USERS.MFA_CONFIGURED) && RecoveryCodeStore.isLow(row.get(unusedCodes));
        return new AccountView(row.get(USERS.USER_ID), row.get(USERS.EMAIL), row.get(USERS.FULL_NAME),
                row.get(USERS.PHONE), row.get(USERS.SECONDARY_EMAIL),
                Role.fromDatabase(row.get(USERS.ROLE)).orElseThrow(() -> unknownValue(row, "role")),
                row.get(USERS.EMAIL_VERIFIED), row.get(USERS.MFA_CONFIGURED),
                SubscriptionStatus.fromDatabase(row.get(USERS.SUBSCRIPTION_STATUS))
                        .orElseThrow(() -> unknownValue(row, "subscription_status")),
                row.get(USERS.CREATED_AT), row.get(unusedCodes), fewCodesLeft);
    }

    private static IllegalStateException unknownValue(Record row, String column) {
        return new IllegalStateException("User " + row.get(USERS.USER_ID) + " has an unknown " + column);
    }
}
