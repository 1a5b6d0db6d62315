package org.billing.iam.core.delegate;

import static org.billing.iam.schema.jooq.Tables.DELEGATE_LINKAGES;
import static org.billing.iam.schema.jooq.Tables.INVITATION_TOKENS;
import static org.billing.iam.schema.jooq.Tables.RETIRED_INVITATION_TOKENS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.billing.iam.core.IamSettings;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.account.AccountRules;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.delegate.InvitationStore.OpenInvitation;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.mail.Mailer;
import org.billing.iam.core.permission.DelegatePermissions;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.permission.Role;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Invitations a physician sends to delegates: send, list, withdraw and resend.
 *
 * <p>Each invitation link carries a random UUID token; the database keeps only its SHA-256
 * hex, and no method returns the token. A physician has at most one open invitation per
 * email: inviting the same email again updates that invitation in place with new
 * permissions and a new link, and the old link stops working. The email is sent inside the
 * transaction, so a mail failure leaves the previous state, old link included.
 *
 * <p>Inviting an email that belongs to a physician or administrator account succeeds, and
 * accepting it fails, so the inviting physician does not learn which emails have accounts.
 */
public final class InvitationService {

    /** Time from sending a link until it expires. */
    public static final Duration LIFETIME = Duration.ofHours(72);
    /** Error message for inviting an email that is already an active delegate of the physician. */
    public static final String ALREADY_DELEGATE =
            "This email belongs to one of your active delegates. Change their permissions instead.";
    /** Error message for a physician inviting its own email. */
    public static final String SELF_INVITATION = "You cannot invite your own email address.";
    /** Error message for an administrator naming an id that is not an active physician. */
    public static final String PHYSICIAN_NOT_FOUND = "Physician not found.";
    /** Error message for an invitation id that is unknown, another physician's, accepted or withdrawn. */
    public static final String INVITATION_NOT_FOUND = InvitationStore.NOT_FOUND;

    private final DSLContext db;
    private final Clock clock;
    private final IamSettings settings;
    private final SecureTokens tokens;
    private final Mailer mailer;
    private final AuditWriter audit;
    private final InvitationStore store;

    InvitationService(DSLContext db, Clock clock, IamSettings settings, SecureTokens tokens, Mailer mailer,
            AuditWriter audit, InvitationStore store) {
        this.db = db;
        this.clock = clock;
        this.settings = settings;
        this.tokens = tokens;
        this.mailer = mailer;
        this.audit = audit;
        this.store = store;
    }

    /**
     * Invites an email to act for the scope's physician, replacing the link of an open
     * invitation to the same email.
     *
     * @param permissionKeys the keys to grant, as sent by the client
     * @param canApproveBatches the batch-approval flag, or null to follow {@code BATCH_APPROVE}
     * @throws org.billing.iam.core.error.ValidationException for an invalid email, an empty set,
     *     unknown keys, or a flag that contradicts {@code BATCH_APPROVE}
     * @throws BusinessRuleException for keys a delegate may not hold, an email that is already
     *     an active delegate, the physician's own email, or an unknown physician
     * @throws org.billing.iam.core.error.ForbiddenException when the subscription forbids granting access
     */
    public InvitationSent invite(PhysicianScope scope, String email, Collection<String> permissionKeys,
            Boolean canApproveBatches, RequestMetadata request) {
        scope.requireGrantAllowed();
        String canonicalEmail = AccountRules.requireValidEmail(email);
        Set<Permission> permissions = DelegatePermissions.validate(permissionKeys, canApproveBatches);
        UUID physicianId = scope.physicianUserId();

        return db.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            Record2<String, String> physician = activePhysician(transaction, physicianId);
            if (physician.value1().equals(canonicalEmail)) {
                throw new BusinessRuleException(SELF_INVITATION);
            }
            lockPhysicianEmail(transaction, physicianId, canonicalEmail);
            if (isActiveDelegate(transaction, physicianId, canonicalEmail)) {
                throw new BusinessRuleException(ALREADY_DELEGATE);
            }

            String token = tokens.uuidToken();
            OffsetDateTime now = Timestamps.now(clock);
            OffsetDateTime expiresAt = now.plus(LIFETIME);
            var open = store.lockOpenByEmail(transaction, physicianId, canonicalEmail);
            open.ifPresent(invitation -> store.retire(transaction, invitation, InvitationStore.REPLACED, now));
            UUID invitationId = open.isPresent()
                    ? reissue(transaction, open.get().invitationId(), token, permissions, now, expiresAt)
                    : insert(transaction, physicianId, canonicalEmail, token, permissions, now, expiresAt);

            audit.write(transaction, AuditEvent.of(AuditAction.DELEGATE_INVITED, scope.actorUserId(), request)
                    .resource("invitation", invitationId)
                    .with("physician_user_id", physicianId)
                    .with("delegate_email", canonicalEmail)
                    .with("permissions", DelegatePermissions.keys(permissions))
                    .with("replaced_open_invitation", open.isPresent()));
            sendLink(canonicalEmail, physician.value2(), token);
            return new InvitationSent(invitationId, expiresAt);
        });
    }

    /** Returns the physician's invitations that are neither accepted nor withdrawn, newest first, expired ones included. */
    public List<PendingInvitation> listPending(PhysicianScope scope) {
        OffsetDateTime now = Timestamps.now(clock);
        return db.selectFrom(INVITATION_TOKENS)
                .where(INVITATION_TOKENS.PHYSICIAN_USER_ID.eq(scope.physicianUserId()))
                .and(INVITATION_TOKENS.ACCEPTED.isFalse())
                .andNotExists(DSL.selectOne().from(RETIRED_INVITATION_TOKENS)
                        .where(RETIRED_INVITATION_TOKENS.INVITATION_ID.eq(INVITATION_TOKENS.INVITATION_ID))
                        .and(RETIRED_INVITATION_TOKENS.REASON.eq(InvitationStore.WITHDRAWN)))
                .orderBy(INVITATION_TOKENS.CREATED_AT.desc(), INVITATION_TOKENS.INVITATION_ID)
                .fetch(row -> new PendingInvitation(row.getInvitationId(), row.getDelegateEmail(),
                        DelegatePermissions.fromStored(row.getPermissions().data(), row.getInvitationId()),
                        row.getExpiresAt(), row.getCreatedAt(), !row.getExpiresAt().isAfter(now)));
    }

    /**
     * Withdraws an open invitation; its link then reports the withdrawal. Allowed whatever
     * the subscription, because it only takes access away.
     *
     * @throws BusinessRuleException {@link #INVITATION_NOT_FOUND}, also for another physician's id
     */
    public void withdraw(PhysicianScope scope, UUID invitationId, RequestMetadata request) {
        db.transaction(configuration -> {
            DSLContext transaction = configuration.dsl();
            OpenInvitation invitation = store.lockOpen(transaction, scope.physicianUserId(), invitationId);
            OffsetDateTime now = Timestamps.now(clock);
            store.retire(transaction, invitation, InvitationStore.WITHDRAWN, now);
            transaction.update(INVITATION_TOKENS)
                    .set(INVITATION_TOKENS.TOKEN_HASH, store.deadTokenHash())
                    .set(INVITATION_TOKENS.EXPIRES_AT, DSL.least(INVITATION_TOKENS.EXPIRES_AT, DSL.val(now)))
                    .where(INVITATION_TOKENS.INVITATION_ID.eq(invitation.invitationId()))
                    .execute();
            audit.write(transaction, AuditEvent.of(AuditAction.DELEGATE_REVOKED, scope.actorUserId(), request)
                    .resource("invitation", invitation.invitationId())
                    .with("physician_user_id", scope.physicianUserId())
                    .with("delegate_email", invitation.email()));
        });
    }

    /**
     * Sends an open invitation again with a new link that expires {@link #LIFETIME} from now;
     * the previous link stops working. The invitation keeps its id, permissions and creation time.
     *
     * @throws BusinessRuleException {@link #INVITATION_NOT_FOUND}, also for another physician's id
     * @throws org.billing.iam.core.error.ForbiddenException when the subscription forbids granting access
     */
    public InvitationSent resend(PhysicianScope scope, UUID invitationId, RequestMetadata request) {
        scope.requireGrantAllowed();
        return db.transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            OpenInvitation invitation = store.lockOpen(transaction, scope.physicianUserId(), invitationId);
            Record2<String, String> physician = activePhysician(transaction, scope.physicianUserId());
            String token = tokens.uuidToken();
            OffsetDateTime now = Timestamps.now(clock);
            OffsetDateTime expiresAt = now.plus(LIFETIME);

            store.retire(transaction, invitation, InvitationStore.REPLACED, now);
            transaction.update(INVITATION_TOKENS)
                    .set(INVITATION_TOKENS.TOKEN_HASH, Sha256.hex(token))
                    .set(INVITATION_TOKENS.EXPIRES_AT, expiresAt)
                    .where(INVITATION_TOKENS.INVITATION_ID.eq(invitation.invitationId()))
                    .execute();
            audit.write(transaction, AuditEvent.of(AuditAction.DELEGATE_INVITED, scope.actorUserId(), request)
                    .resource("invitation", invitation.invitationId())
                    .with("physician_user_id", scope.physicianUserId())
                    .with("delegate_email", invitation.email())
                    .with("resent", true));
            sendLink(invitation.email(), physician.value2(), token);
            return new InvitationSent(invitation.invitationId(), expiresAt);
        });
    }

    /** Returns the email and name of an active physician account. */
    private static Record2<String, String> activePhysician(DSLContext transaction, UUID physicianId) {
        Record2<String, String> physician = transaction.select(USERS.EMAIL, USERS.FULL_NAME)
                .from(USERS)
                .where(USERS.USER_ID.eq(physicianId))
                .and(USERS.ROLE.eq(Role.PHYSICIAN.name()))
                .and(USERS.IS_ACTIVE.isTrue())
                .fetchOne();
        if (physician == null) {
            throw new BusinessRuleException(PHYSICIAN_NOT_FOUND);
        }
        return physician;
    }

    /**
     * Serialises invitations from one physician to one email until the transaction ends, so
     * two concurrent invitations cannot both find no open invitation and insert two. A unique
     * index cannot do this because the shared schema of {@code invitation_tokens} is fixed.
     */
    private static void lockPhysicianEmail(DSLContext transaction, UUID physicianId, String email) {
        transaction.select(DSL.function("pg_advisory_xact_lock", Object.class,
                DSL.function("hashtextextended", Long.class, DSL.val(physicianId + "/" + email), DSL.inline(0L))))
                .fetch();
    }

    private static boolean isActiveDelegate(DSLContext transaction, UUID physicianId, String email) {
        return transaction.fetchExists(DSL.selectOne()
                .from(DELEGATE_LINKAGES)
                .join(USERS).on(USERS.USER_ID.eq(DELEGATE_LINKAGES.DELEGATE_USER_ID))
                .where(DELEGATE_LINKAGES.PHYSICIAN_USER_ID.eq(physicianId))
                .and(DELEGATE_LINKAGES.IS_ACTIVE.isTrue())
                .and(USERS.EMAIL.eq(email)));
    }

    private static UUID insert(DSLContext transaction, UUID physicianId, String email, String token,
            Set<Permission> permissions, OffsetDateTime now, OffsetDateTime expiresAt) {
        return transaction.insertInto(INVITATION_TOKENS)
                .set(INVITATION_TOKENS.PHYSICIAN_USER_ID, physicianId)
                .set(INVITATION_TOKENS.DELEGATE_EMAIL, email)
                .set(INVITATION_TOKENS.TOKEN_HASH, Sha256.hex(token))
                .set(INVITATION_TOKENS.PERMISSIONS, JSONB.jsonb(DelegatePermissions.toJson(permissions)))
                .set(INVITATION_TOKENS.EXPIRES_AT, expiresAt)
                .set(INVITATION_TOKENS.CREATED_AT, now)
                .returning(INVITATION_TOKENS.INVITATION_ID)
                .fetchSingle(INVITATION_TOKENS.INVITATION_ID);
    }

    /** Gives an open invitation new permissions, a new token and a new creation time. */
    private static UUID reissue(DSLContext transaction, UUID invitationId, String token,
            Set<Permission> permissions, OffsetDateTime now, OffsetDateTime expiresAt) {
        transaction.update(INVITATION_TOKENS)
                .set(INVITATION_TOKENS.TOKEN_HASH, Sha256.hex(token))
                .set(INVITATION_TOKENS.PERMISSIONS, JSONB.jsonb(DelegatePermissions.toJson(permissions)))
                .set(INVITATION_TOKENS.EXPIRES_AT, expiresAt)
                .set(INVITATION_TOKENS.CREATED_AT, now)
                .where(INVITATION_TOKENS.INVITATION_ID.eq(invitationId))
                .execute();
        return invitationId;
    }

    private void sendLink(String email, String physicianName, String token) {
        mailer.send(DelegateEmails.invitation(email, physicianName,
                settings.publicUrl() + "/delegates/accept?token=" + token));
    }
}
