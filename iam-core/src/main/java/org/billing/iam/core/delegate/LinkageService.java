package org.billing.iam.core.delegate;

import static org.billing.iam.schema.jooq.Tables.DELEGATE_LINKAGES;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.permission.DelegatePermissions;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.session.RevocationReason;
import org.billing.iam.core.session.SessionService;
import org.billing.iam.schema.jooq.tables.records.DelegateLinkagesRecord;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * A physician's delegate linkages: list them, change their permissions, remove them.
 *
 * <p>Nothing here is cached: session validation reads the linkage on every request, so a
 * change of permissions applies to the delegate's next request without signing it out.
 */
public final class LinkageService {

    /** Error message for a linkage id that is unknown or belongs to another physician. */
    public static final String NOT_FOUND = "Delegate not found.";
    /** Error message for changing the permissions of a removed delegate. */
    public static final String REMOVED = "This delegate was removed. Invite them again to restore access.";
    /** Error message for removing a delegate that is unknown, another physician's, or already removed. */
    public static final String NOT_FOUND_OR_REMOVED = "Delegate not found, or already removed.";

    private final DSLContext db;
    private final Clock clock;
    private final SessionService sessions;
    private final AuditWriter audit;

    LinkageService(DSLContext db, Clock clock, SessionService sessions, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.sessions = sessions;
        this.audit = audit;
    }

    /** Returns the physician's delegates, active ones first, then by name. */
    public List<DelegateSummary> listDelegates(PhysicianScope scope) {
        Field<OffsetDateTime> lastSignIn = DSL.select(DSL.max(SESSIONS.CREATED_AT))
                .from(SESSIONS)
                .where(SESSIONS.USER_ID.eq(DELEGATE_LINKAGES.DELEGATE_USER_ID))
                .asField("last_sign_in_at");
        return db.select(DELEGATE_LINKAGES.LINKAGE_ID, DELEGATE_LINKAGES.DELEGATE_USER_ID, USERS.FULL_NAME,
                        USERS.EMAIL, DELEGATE_LINKAGES.PERMISSIONS, DELEGATE_LINKAGES.CAN_APPROVE_BATCHES,
                        DELEGATE_LINKAGES.IS_ACTIVE, lastSignIn)
                .from(DELEGATE_LINKAGES)
                .join(USERS).on(USERS.USER_ID.eq(DELEGATE_LINKAGES.DELEGATE_USER_ID))
                .where(DELEGATE_LINKAGES.PHYSICIAN_USER_ID.eq(scope.physicianUserId()))
                .orderBy(DELEGATE_LINKAGES.IS_ACTIVE.desc(), USERS.FULL_NAME, DELEGATE_LINKAGES.LINKAGE_ID)
                .fetch(row -> new DelegateSummary(row.get(DELEGATE_LINKAGES.LINKAGE_ID),
                        row.get(DELEGATE_LINKAGES.DELEGATE_USER_ID), row.get(USERS.FULL_NAME), row.get(USERS.EMAIL),
                        DelegatePermissions.fromLinkage(row.get(DELEGATE_LINKAGES.PERMISSIONS).data(),
                                row.get(DELEGATE_LINKAGES.CAN_APPROVE_BATCHES), row.get(DELEGATE_LINKAGES.LINKAGE_ID)),
                        row.get(DELEGATE_LINKAGES.CAN_APPROVE_BATCHES), row.get(lastSignIn),
                        row.get(DELEGATE_LINKAGES.IS_ACTIVE)));
    }

    /**
     * Replaces the permissions of an active linkage, with the same validation as an
     * invitation. The delegate stays signed in, and its next request reads the new set.
     *
     * @param canApproveBatches the batch-approval flag, or null to follow {@code BATCH_APPROVE}
     * @throws BusinessRuleException {@link #NOT_FOUND}, also for another physician's linkage;
     *     {@link #REMOVED}; or naming keys a delegate may not hold
     * @throws org.billing.iam.core.error.ValidationException for an empty set, unknown keys,
     *     or a flag that contradicts {@code BATCH_APPROVE}
     */
    public void updatePermissions(PhysicianScope scope, UUID linkageId, Collection<String> permissionKeys,
            Boolean canApproveBatches, RequestMetadata request) {
        scope.requireGrantAllowed();
        Set<Permission> permissions = DelegatePermissions.validate(permissionKeys, canApproveBatches);

        db.transaction(configuration -> {
            DSLContext transaction = configuration.dsl();
            DelegateLinkagesRecord linkage = transaction.selectFrom(DELEGATE_LINKAGES)
                    .where(DELEGATE_LINKAGES.LINKAGE_ID.eq(linkageId))
                    .and(DELEGATE_LINKAGES.PHYSICIAN_USER_ID.eq(scope.physicianUserId()))
                    .forUpdate()
                    .fetchOne();
            if (linkage == null) {
                throw new BusinessRuleException(NOT_FOUND);
            }
            if (!linkage.getIsActive()) {
                throw new BusinessRuleException(REMOVED);
            }
            Set<Permission> before = DelegatePermissions.fromLinkage(linkage.getPermissions().data(),
                    linkage.getCanApproveBatches(), linkageId);

            transaction.update(DELEGATE_LINKAGES)
                    .set(DELEGATE_LINKAGES.PERMISSIONS, JSONB.jsonb(DelegatePermissions.toJson(permissions)))
                    .set(DELEGATE_LINKAGES.CAN_APPROVE_BATCHES, DelegatePermissions.approvesBatches(permissions))
                    .set(DELEGATE_LINKAGES.UPDATED_AT, Timestamps.now(clock))
                    .where(DELEGATE_LINKAGES.LINKAGE_ID.eq(linkageId))
                    .execute();
            audit.write(transaction, AuditEvent.of(AuditAction.DELEGATE_PERMISSIONS_UPDATED,
                            scope.actorUserId(), request)
                    .resource("delegate_linkage", linkageId)
                    .with("physician_user_id", scope.physicianUserId())
                    .with("delegate_user_id", linkage.getDelegateUserId())
                    .with("permissions_before", DelegatePermissions.keys(before))
                    .with("permissions_after", DelegatePermissions.keys(permissions)));
        });
    }

    /**
     * Removes a delegate: deactivates the linkage and revokes every session of the delegate
     * with reason {@code revoked_remote}, including sessions acting for other physicians.
     * The delegate's linkages to other physicians stay active. Allowed whatever the
     * subscription, because it only takes access away.
     *
     * @throws BusinessRuleException {@link #NOT_FOUND_OR_REMOVED}, also for another physician's linkage
     */
    public void remove(PhysicianScope scope, UUID linkageId, RequestMetadata request) {
        db.transaction(configuration -> {
            DSLContext transaction = configuration.dsl();
            UUID delegateId = transaction.update(DELEGATE_LINKAGES)
                    .set(DELEGATE_LINKAGES.IS_ACTIVE, false)
                    .set(DELEGATE_LINKAGES.UPDATED_AT, Timestamps.now(clock))
                    .where(DELEGATE_LINKAGES.LINKAGE_ID.eq(linkageId))
                    .and(DELEGATE_LINKAGES.PHYSICIAN_USER_ID.eq(scope.physicianUserId()))
                    .and(DELEGATE_LINKAGES.IS_ACTIVE.isTrue())
                    .returning(DELEGATE_LINKAGES.DELEGATE_USER_ID)
                    .fetchOne(DELEGATE_LINKAGES.DELEGATE_USER_ID);
            if (delegateId == null) {
                throw new BusinessRuleException(NOT_FOUND_OR_REMOVED);
            }

            int revoked = sessions.revokeAll(transaction, delegateId, RevocationReason.REVOKED_REMOTE);
            audit.write(transaction, AuditEvent.of(AuditAction.DELEGATE_REVOKED, scope.actorUserId(), request)
                    .resource("delegate_linkage", linkageId)
                    .with("physician_user_id", scope.physicianUserId())
                    .with("delegate_user_id", delegateId)
                    .with("revoked_sessions", revoked));
        });
    }
}
