package org.billing.iam.core.delegate;

import static org.billing.iam.schema.jooq.Tables.DELEGATE_LINKAGES;
import static org.billing.iam.schema.jooq.Tables.INVITATION_TOKENS;
import static org.billing.iam.schema.jooq.Tables.USERS;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.billing.iam.core.RequestMetadata;
import org.billing.iam.core.Timestamps;
import org.billing.iam.core.account.AccountRules;
import org.billing.iam.core.audit.AuditAction;
import org.billing.iam.core.audit.AuditEvent;
import org.billing.iam.core.audit.AuditWriter;
import org.billing.iam.core.auth.MfaPurpose;
import org.billing.iam.core.auth.MfaSessionTokens;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.delegate.InvitationStore.TokenState;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.permission.DelegatePermissions;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.permission.Role;
import org.billing.iam.schema.jooq.tables.records.InvitationTokensRecord;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Accepting an invitation: consumes its token and creates or re-activates the linkage in one
 * transaction. The token is consumed by a guarded UPDATE that must change exactly one row,
 * so of many concurrent accepts of one token exactly one succeeds.
 *
 * <p>An email without an account gets a new {@code DELEGATE} account, whose email counts as
 * verified because the link proves it. An existing delegate account is linked only when the
 * caller proves it owns it; the token alone never links an existing account.
 */
public final class AcceptanceService {

    /** Error message for a malformed or unknown token. */
    public static final String INVALID = "This invitation link is invalid. Ask the physician to send a new invitation.";
    /** Error message for an expired token. */
    public static final String EXPIRED = "This invitation has expired. Ask the physician to send it again.";
    /** Error message for a token of an accepted invitation. */
    public static final String ALREADY_ACCEPTED = "This invitation has already been accepted.";
    /** Error message for a token of a withdrawn invitation. */
    public static final String WITHDRAWN = "This invitation was withdrawn by the physician.";
    /** Error message for a link that a newer one replaced. */
    public static final String REPLACED =
            "This invitation link was replaced by a newer one. Use the link in the latest invitation email.";
    /** Error message when the invited email belongs to an account of another role. */
    public static final String NOT_A_DELEGATE_ACCOUNT = "This email belongs to an account that cannot act as a"
            + " delegate. Ask the physician to invite a different email address.";
    /** Error message when the invited email belongs to a deactivated delegate account. */
    public static final String ACCOUNT_INACTIVE = "The delegate account of this email is deactivated.";
    /** Error message when an existing delegate account is named without proof of ownership. */
    public static final String OWNERSHIP_REQUIRED = "This email already has a delegate account. Sign in to it,"
            + " or enter its password, to accept the invitation.";
    /** Error message when an account was registered with the email while the acceptance ran. */
    public static final String ACCOUNT_CREATED_MEANWHILE =
            "An account with this email was just created. Open the invitation link again.";

    // SecureTokens.uuidToken() returns lower-case canonical UUIDs.
    private static final Pattern TOKEN_FORMAT =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final DSLContext db;
    private final Clock clock;
    private final InvitationStore store;
    private final DelegateAccounts accounts;
    private final MfaSessionTokens mfaTokens;
    private final AuditWriter audit;

    AcceptanceService(DSLContext db, Clock clock, InvitationStore store, DelegateAccounts accounts,
            MfaSessionTokens mfaTokens, AuditWriter audit) {
        this.db = db;
        this.clock = clock;
        this.store = store;
        this.accounts = accounts;
        this.mfaTokens = mfaTokens;
        this.audit = audit;
    }

    /**
     * Accepts an invitation.
     *
     * @param token the token from the invitation link
     * @param fullName the new account's name; required only when the email has no account
     * @param password the new account's password, or the existing delegate account's password
     * @param signedInUserId the account the caller is signed in to, or null
     * @throws BusinessRuleException with a distinct message for an invalid, expired, accepted,
     *     withdrawn or replaced link, and for each account that cannot be linked
     * @throws org.billing.iam.core.error.ValidationException for a missing name or a password
     *     that breaks the policy when an account is created
     */
    public AcceptedInvitation accept(String token, String fullName, String password, UUID signedInUserId,
            RequestMetadata request) {
        if (token == null || !TOKEN_FORMAT.matcher(token).matches()) {
            throw new BusinessRuleException(INVALID);
        }
        String tokenHash = Sha256.hex(token);
        OffsetDateTime now = Timestamps.now(clock);

        InvitationTokensRecord invitation = db.selectFrom(INVITATION_TOKENS)
                .where(INVITATION_TOKENS.TOKEN_HASH.eq(tokenHash))
                .fetchOne();
        if (invitation == null || invitation.getAccepted() || !invitation.getExpiresAt().isAfter(now)) {
            throw failure(store.state(db, tokenHash, now));
        }

        String email = AccountRules.canonicalEmail(invitation.getDelegateEmail());
        DelegateAccounts.Owner owner = accounts.prove(email, fullName, password, signedInUserId, request);

        AcceptedInvitation accepted = db.transactionResult(configuration ->
                consume(configuration.dsl(), tokenHash, email, owner, Timestamps.now(clock), request));
        if (!accepted.accountCreated()) {
            return accepted;
        }
        return new AcceptedInvitation(accepted.linkageId(), accepted.delegateUserId(), accepted.physicianUserId(),
                true, mfaTokens.issue(accepted.delegateUserId(), MfaPurpose.MFA_SETUP, owner.passwordHash()));
    }

    private AcceptedInvitation consume(DSLContext transaction, String tokenHash, String email,
            DelegateAccounts.Owner owner, OffsetDateTime now, RequestMetadata request) {
        InvitationTokensRecord claimed = transaction.update(INVITATION_TOKENS)
                .set(INVITATION_TOKENS.ACCEPTED, true)
                .where(INVITATION_TOKENS.TOKEN_HASH.eq(tokenHash))
                .and(INVITATION_TOKENS.ACCEPTED.isFalse())
                .and(INVITATION_TOKENS.EXPIRES_AT.gt(now))
                .returning()
                .fetchOne();
        if (claimed == null) {
            throw failure(store.state(transaction, tokenHash, now));
        }
        UUID physicianId = claimed.getPhysicianUserId();
        Set<Permission> permissions = DelegatePermissions.fromStored(claimed.getPermissions().data(),
                claimed.getInvitationId());
        if (permissions.isEmpty() || !isActivePhysician(transaction, physicianId)) {
            // Throwing rolls the transaction back, so the token stays unused.
            throw new BusinessRuleException(INVALID);
        }

        UUID delegateId = owner.existingUserId() != null
                ? owner.existingUserId()
                : accounts.create(transaction, email, owner, now)
                        .orElseThrow(() -> new BusinessRuleException(ACCOUNT_CREATED_MEANWHILE));
        UUID linkageId = upsertLinkage(transaction, physicianId, delegateId, permissions, now);

        if (owner.existingUserId() == null) {
            audit.write(transaction, AuditEvent.of(AuditAction.AUTH_REGISTERED, delegateId, request)
                    .resource("user", delegateId)
                    .with("result", "created")
                    .with("via", "invitation"));
        }
        audit.write(transaction, AuditEvent.of(AuditAction.DELEGATE_ACCEPTED, delegateId, request)
                .resource("delegate_linkage", linkageId)
                .with("invitation_id", claimed.getInvitationId())
                .with("physician_user_id", physicianId)
                .with("account", owner.existingUserId() == null ? "created" : "linked")
                .with("permissions", DelegatePermissions.keys(permissions)));
        return new AcceptedInvitation(linkageId, delegateId, physicianId, owner.existingUserId() == null, null);
    }

    /**
     * Inserts the linkage, or re-activates the existing one of this pair with the invitation's
     * permissions, in one statement on the unique (physician, delegate) index.
     */
    private static UUID upsertLinkage(DSLContext transaction, UUID physicianId, UUID delegateId,
            Set<Permission> permissions, OffsetDateTime now) {
        JSONB stored = JSONB.jsonb(DelegatePermissions.toJson(permissions));
        boolean approvesBatches = DelegatePermissions.approvesBatches(permissions);
        return transaction.insertInto(DELEGATE_LINKAGES)
                .set(DELEGATE_LINKAGES.PHYSICIAN_USER_ID, physicianId)
                .set(DELEGATE_LINKAGES.DELEGATE_USER_ID, delegateId)
                .set(DELEGATE_LINKAGES.PERMISSIONS, stored)
                .set(DELEGATE_LINKAGES.CAN_APPROVE_BATCHES, approvesBatches)
                .set(DELEGATE_LINKAGES.IS_ACTIVE, true)
                .set(DELEGATE_LINKAGES.CREATED_AT, now)
                .set(DELEGATE_LINKAGES.UPDATED_AT, now)
                .onConflict(DELEGATE_LINKAGES.PHYSICIAN_USER_ID, DELEGATE_LINKAGES.DELEGATE_USER_ID)
                .doUpdate()
                .set(DELEGATE_LINKAGES.PERMISSIONS, stored)
                .set(DELEGATE_LINKAGES.CAN_APPROVE_BATCHES, approvesBatches)
                .set(DELEGATE_LINKAGES.IS_ACTIVE, true)
                .set(DELEGATE_LINKAGES.UPDATED_AT, now)
                .returning(DELEGATE_LINKAGES.LINKAGE_ID)
                .fetchSingle(DELEGATE_LINKAGES.LINKAGE_ID);
    }

    private static boolean isActivePhysician(DSLContext transaction, UUID physicianId) {
        return transaction.fetchExists(USERS, USERS.USER_ID.eq(physicianId)
                .and(USERS.ROLE.eq(Role.PHYSICIAN.name()))
                .and(USERS.IS_ACTIVE.isTrue()));
    }

    private static BusinessRuleException failure(TokenState state) {
        return new BusinessRuleException(switch (state) {
            case EXPIRED -> EXPIRED;
            case ACCEPTED -> ALREADY_ACCEPTED;
            case WITHDRAWN -> WITHDRAWN;
            case REPLACED -> REPLACED;
            // OPEN here means the row changed between two reads; the next attempt reads it again.
            case OPEN, UNKNOWN -> INVALID;
        });
    }
}
