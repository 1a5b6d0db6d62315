package org.billing.iam.core.delegate;

import static org.billing.iam.schema.jooq.Tables.DELEGATE_LINKAGES;
import static org.billing.iam.schema.jooq.Tables.SESSION_CONTEXTS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.error.ForbiddenException;
import org.billing.iam.core.permission.DelegatePermissions;
import org.billing.iam.core.permission.Role;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Selection of the physician a delegate acts for. The choice is stored per session in
 * {@code session_contexts}; session validation reads it back through the linkage on every
 * request, so the auth context always carries the linkage's current permissions.
 */
public final class ActingContextService {

    /** Error message for a caller that is not a delegate. */
    public static final String DELEGATES_ONLY = "Only a delegate account acts for a physician.";
    /** Error message for a physician the delegate has no active linkage with, or an unknown id. */
    public static final String NOT_SERVED = "You do not act for this physician.";

    private final DSLContext db;
    private final Clock clock;
    private final AuditWriter audit;

    ActingContextService(DSLContext db, Clock clock, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * Returns the physicians the delegate serves through active linkages, by name.
     *
     * @throws ForbiddenException when the caller is not a delegate
     */
    public List<PhysicianServed> physiciansServed(AuthContext delegate) {
        requireDelegate(delegate);
        return db.select(DELEGATE_LINKAGES.LINKAGE_ID, DELEGATE_LINKAGES.PHYSICIAN_USER_ID, USERS.FULL_NAME,
                        DELEGATE_LINKAGES.PERMISSIONS, DELEGATE_LINKAGES.CAN_APPROVE_BATCHES)
                .from(DELEGATE_LINKAGES)
                .join(USERS).on(USERS.USER_ID.eq(DELEGATE_LINKAGES.PHYSICIAN_USER_ID))
                .where(servedBy(delegate.userId()))
                .orderBy(USERS.FULL_NAME, DELEGATE_LINKAGES.LINKAGE_ID)
                .fetch(row -> toServed(row, delegate.linkageId()));
    }

    /**
     * Makes the delegate's session act for a physician it serves, from its next request on.
     *
     * @throws ForbiddenException {@link #NOT_SERVED} without an active linkage to that
     *     physician, the same for an unknown id; {@link #DELEGATES_ONLY} for other roles
     */
    public PhysicianServed switchContext(AuthContext delegateSession, UUID physicianUserId, RequestMetadata request) {
        requireDelegate(delegateSession);
        return db.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            Record row = transaction.select(DELEGATE_LINKAGES.LINKAGE_ID, DELEGATE_LINKAGES.PHYSICIAN_USER_ID,
                            USERS.FULL_NAME, DELEGATE_LINKAGES.PERMISSIONS, DELEGATE_LINKAGES.CAN_APPROVE_BATCHES)
                    .from(DELEGATE_LINKAGES)
                    .join(USERS).on(USERS.USER_ID.eq(DELEGATE_LINKAGES.PHYSICIAN_USER_ID))
                    .where(servedBy(delegateSession.userId()))
                    .and(DELEGATE_LINKAGES.PHYSICIAN_USER_ID.eq(physicianUserId))
                    .fetchOne();
            if (row == null) {
                throw new ForbiddenException(NOT_SERVED);
            }
            UUID linkageId = row.get(DELEGATE_LINKAGES.LINKAGE_ID);

            OffsetDateTime now = Timestamps.now(clock);
            transaction.insertInto(SESSION_CONTEXTS)
                    .set(SESSION_CONTEXTS.SESSION_ID, delegateSession.sessionId())
                    .set(SESSION_CONTEXTS.LINKAGE_ID, linkageId)
                    .set(SESSION_CONTEXTS.CHOSEN_AT, now)
                    .onConflict(SESSION_CONTEXTS.SESSION_ID)
                    .doUpdate()
                    .set(SESSION_CONTEXTS.LINKAGE_ID, linkageId)
                    .set(SESSION_CONTEXTS.CHOSEN_AT, now)
                    .execute();
            audit.write(transaction, AuditEvent.of(AuditAction.DELEGATE_CONTEXT_SWITCHED,
                            delegateSession.userId(), request)
                    .resource("delegate_linkage", linkageId)
                    .with("physician_user_id", physicianUserId)
                    .with("previous_linkage_id", delegateSession.linkageId())
                    .with("session_id", delegateSession.sessionId()));
            return toServed(row, linkageId);
        });
    }

    /** Active linkages of the delegate whose physician is an active physician account. */
    private static Condition servedBy(UUID delegateUserId) {
        return DELEGATE_LINKAGES.DELEGATE_USER_ID.eq(delegateUserId)
                .and(DELEGATE_LINKAGES.IS_ACTIVE.isTrue())
                .and(USERS.ROLE.eq(Role.PHYSICIAN.name()))
                .and(USERS.IS_ACTIVE.isTrue());
    }

    private static PhysicianServed toServed(Record row, UUID currentLinkageId) {
        UUID linkageId = row.get(DELEGATE_LINKAGES.LINKAGE_ID);
        boolean canApproveBatches = row.get(DELEGATE_LINKAGES.CAN_APPROVE_BATCHES);
        return new PhysicianServed(linkageId, row.get(DELEGATE_LINKAGES.PHYSICIAN_USER_ID), row.get(USERS.FULL_NAME),
                DelegatePermissions.fromLinkage(row.get(DELEGATE_LINKAGES.PERMISSIONS).data(), canApproveBatches,
                        linkageId),
                canApproveBatches, Objects.equals(linkageId, currentLinkageId));
    }

    private static void requireDelegate(AuthContext caller) {
        if (caller == null || caller.role() != Role.DELEGATE) {
            throw new ForbiddenException(DELEGATES_ONLY);
        }
    }
}
