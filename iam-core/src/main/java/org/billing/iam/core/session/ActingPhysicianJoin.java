package org.billing.iam.core.session;

import static org.billing.iam.schema.jooq.Tables.DELEGATE_LINKAGES;
import static org.billing.iam.schema.jooq.Tables.SESSIONS;
import static org.billing.iam.schema.jooq.Tables.SESSION_CONTEXTS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.billing.iam.core.permission.DelegatePermissions;
import org.billing.iam.core.permission.Role;
import org.billing.iam.core.permission.SubscriptionStatus;
import org.billing.iam.schema.jooq.tables.DelegateLinkages;
import org.billing.iam.schema.jooq.tables.Users;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LEFT JOINs that add a delegate session's chosen physician to the session validation
 * query, so validation stays one read. The linkage must be active and belong to the
 * session's owner, and the physician's account must be an active physician. Otherwise the
 * joined columns are null and the session acts for no physician.
 */
final class ActingPhysicianJoin {

    private static final DelegateLinkages LINKAGE = DELEGATE_LINKAGES.as("acting_linkage");
    private static final Users PHYSICIAN = USERS.as("acting_physician");
    private static final Logger LOG = LoggerFactory.getLogger(ActingPhysicianJoin.class);

    /** Columns the joins add to the select list, in the order of {@link ValidationRow}'s last five components. */
    static final List<Field<?>> FIELDS = List.of(LINKAGE.LINKAGE_ID, LINKAGE.PERMISSIONS,
            LINKAGE.CAN_APPROVE_BATCHES, PHYSICIAN.USER_ID, PHYSICIAN.SUBSCRIPTION_STATUS);

    private ActingPhysicianJoin() {
    }

    /** Returns {@code sessionsWithOwner} (sessions joined with users) with the acting physician left-joined. */
    static Table<?> join(Table<?> sessionsWithOwner) {
        return sessionsWithOwner
                .leftJoin(SESSION_CONTEXTS).on(SESSION_CONTEXTS.SESSION_ID.eq(SESSIONS.SESSION_ID))
                .leftJoin(LINKAGE).on(LINKAGE.LINKAGE_ID.eq(SESSION_CONTEXTS.LINKAGE_ID)
                        .and(LINKAGE.DELEGATE_USER_ID.eq(SESSIONS.USER_ID))
                        .and(LINKAGE.IS_ACTIVE.eq(DSL.inline(true))))
                .leftJoin(PHYSICIAN).on(PHYSICIAN.USER_ID.eq(LINKAGE.PHYSICIAN_USER_ID)
                        .and(PHYSICIAN.IS_ACTIVE.eq(DSL.inline(true)))
                        .and(PHYSICIAN.ROLE.eq(DSL.inline(Role.PHYSICIAN.name()))));
    }

    /** Returns the acting physician of a joined row, or empty when the session acts for no physician. */
    static Optional<ActingPhysician> read(ValidationRow row) {
        UUID physicianId = row.physicianUserId();
        if (physicianId == null) {
            return Optional.empty();
        }
        UUID linkageId = row.linkageId();
        Optional<SubscriptionStatus> status = SubscriptionStatus.fromDatabase(row.physicianSubscriptionStatus());
        if (status.isEmpty()) {
            LOG.warn("Linkage {} ignored: physician {} has an unknown subscription status", linkageId, physicianId);
            return Optional.empty();
        }
        return Optional.of(new ActingPhysician(linkageId, physicianId,
                DelegatePermissions.fromLinkage(row.permissions(), row.canApproveBatches(), linkageId),
                status.get()));
    }
}
