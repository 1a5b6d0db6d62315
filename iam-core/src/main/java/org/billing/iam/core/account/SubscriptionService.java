package org.billing.iam.core.account;

import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.permission.AccessLevel;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.jooq.DSLContext;
import org.jooq.Record2;

/**
 * Subscription changes made by an operator. Session validation reads the status on every
 * request, so a change applies to the account's next request on every node.
 */
public final class SubscriptionService {

    /** Error message for an email without an account. */
    public static final String NO_SUCH_ACCOUNT = "No account has this email.";

    private final DSLContext db;
    private final Clock clock;
    private final AuditWriter audit;

    public SubscriptionService(DSLContext db, Clock clock, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Sets the subscription status of the account with this email and returns the previous
     * status. The audit entry is {@code account.suspended} for a move to SUSPENDED or
     * CANCELLED, {@code account.reactivated} for a move from one of those or PAST_DUE to TRIAL
     * or ACTIVE, and {@code account.updated} for any other change; setting the current status
     * again writes nothing. Audit entries of operator commands carry no request metadata.
     *
     * @throws BusinessRuleException {@link #NO_SUCH_ACCOUNT}
     */
    public SubscriptionStatus setSubscription(String email, SubscriptionStatus status) {
        Objects.requireNonNull(status, "status");
        String canonicalEmail = AccountRules.canonicalEmail(email);

        return db.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            Record2<UUID, String> user = transaction.select(USERS.USER_ID, USERS.SUBSCRIPTION_STATUS)
                    .from(USERS)
                    .where(USERS.EMAIL.eq(canonicalEmail))
                    .forUpdate()
                    .fetchOne();
            if (user == null) {
                throw new BusinessRuleException(NO_SUCH_ACCOUNT);
            }
            UUID userId = user.value1();
            SubscriptionStatus previous = SubscriptionStatus.fromDatabase(user.value2())
                    .orElseThrow(() -> new IllegalStateException("User " + userId + " has an unknown subscription_status"));
            if (previous == status) {
                return previous;
            }

            transaction.update(USERS)
                    .set(USERS.SUBSCRIPTION_STATUS, status.name())
                    .set(USERS.UPDATED_AT, Timestamps.now(clock))
                    .where(USERS.USER_ID.eq(userId))
                    .execute();
            audit.write(transaction, AuditEvent.of(auditAction(previous, status), userId, null)
                    .resource("user", userId)
                    .with("from", previous.name())
                    .with("to", status.name()));
            return previous;
        });
    }

    private static AuditAction auditAction(SubscriptionStatus previous, SubscriptionStatus next) {
        if (next.accessLevel() == AccessLevel.ACCOUNT_ONLY) {
            return AuditAction.ACCOUNT_SUSPENDED;
        }
        if (next.accessLevel() == AccessLevel.FULL && previous.accessLevel() != AccessLevel.FULL) {
            return AuditAction.ACCOUNT_REACTIVATED;
        }
        return AuditAction.ACCOUNT_UPDATED;
    }
}
