package org.billing.iam.core.delegate;

import static org.billing.iam.schema.jooq.Tables.INVITATION_TOKENS;
import static org.billing.iam.schema.jooq.Tables.RETIRED_INVITATION_TOKENS;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.billing.iam.core.crypto.SecureTokens;
import org.billing.iam.core.crypto.Sha256;
import org.billing.iam.core.error.BusinessRuleException;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;

/**
 * Row-level steps on {@code invitation_tokens} and {@code retired_invitation_tokens} shared
 * by sending and accepting invitations.
 *
 * <p>An invitation is open while it is neither accepted nor withdrawn. Withdrawing and
 * replacing a link both move the current token hash to {@code retired_invitation_tokens}
 * and overwrite it in the invitation row while that row is locked. An accept that raced
 * them matches its token hash against the row after the lock is released, so it finds
 * nothing, independent of the clocks of the two nodes.
 */
final class InvitationStore {

    /** Reason of a hash retired because the physician withdrew the invitation. */
    static final String WITHDRAWN = "withdrawn";
    /** Reason of a hash retired because a newer link for the same invitation was sent. */
    static final String REPLACED = "replaced";

    /** Error message for an invitation id that is unknown, another physician's, accepted or withdrawn. */
    static final String NOT_FOUND = "Invitation not found, or already accepted or withdrawn.";

    private final SecureTokens tokens;

    InvitationStore(SecureTokens tokens) {
        this.tokens = tokens;
    }

    /** An open invitation row, locked by the current transaction. */
    record OpenInvitation(UUID invitationId, String tokenHash, String email) {

        /** Returns a description without the token hash. */
        @Override
        public String toString() {
            return "OpenInvitation[invitationId=" + invitationId + ", email=" + email + "]";
        }
    }

    /** State of an invitation as seen through one token, used to word a failed accept. */
    enum TokenState {
        OPEN,
        UNKNOWN,
        EXPIRED,
        ACCEPTED,
        WITHDRAWN,
        REPLACED
    }

    /**
     * Locks and returns one of the physician's open invitations by id.
     *
     * @throws BusinessRuleException {@link #NOT_FOUND} when the id is unknown, belongs to another
     *     physician, or the invitation is accepted or withdrawn; all give the same message
     */
    OpenInvitation lockOpen(DSLContext transaction, UUID physicianUserId, UUID invitationId) {
        return lockOpen(transaction, INVITATION_TOKENS.INVITATION_ID.eq(invitationId)
                .and(INVITATION_TOKENS.PHYSICIAN_USER_ID.eq(physicianUserId)))
                .orElseThrow(() -> new BusinessRuleException(NOT_FOUND));
    }

    /** Locks and returns the physician's open invitation to an email, if there is one. */
    Optional<OpenInvitation> lockOpenByEmail(DSLContext transaction, UUID physicianUserId, String email) {
        return lockOpen(transaction, INVITATION_TOKENS.PHYSICIAN_USER_ID.eq(physicianUserId)
                .and(INVITATION_TOKENS.DELEGATE_EMAIL.eq(email)));
    }

    /** Moves the invitation's current token hash to the retired table, so its link stops working. */
    void retire(DSLContext transaction, OpenInvitation invitation, String reason, OffsetDateTime now) {
        transaction.insertInto(RETIRED_INVITATION_TOKENS)
                .set(RETIRED_INVITATION_TOKENS.TOKEN_HASH, invitation.tokenHash())
                .set(RETIRED_INVITATION_TOKENS.INVITATION_ID, invitation.invitationId())
                .set(RETIRED_INVITATION_TOKENS.REASON, reason)
                .set(RETIRED_INVITATION_TOKENS.RETIRED_AT, now)
                .execute();
    }

    /**
     * Returns a value for {@code token_hash} that no token hashes to: SHA-256 output is hex,
     * and this value has a prefix that is not. It is random so the unique index accepts it.
     */
    String deadTokenHash() {
        return "retired:" + Sha256.hex(tokens.uuidToken());
    }

    /** Returns what a token hash opens, to choose the message of a failed accept. */
    TokenState state(DSLContext db, String tokenHash, OffsetDateTime now) {
        Record2<Boolean, OffsetDateTime> row = db.select(INVITATION_TOKENS.ACCEPTED, INVITATION_TOKENS.EXPIRES_AT)
                .from(INVITATION_TOKENS)
                .where(INVITATION_TOKENS.TOKEN_HASH.eq(tokenHash))
                .fetchOne();
        if (row != null) {
            if (row.value1()) {
                return TokenState.ACCEPTED;
            }
            return row.value2().isAfter(now) ? TokenState.OPEN : TokenState.EXPIRED;
        }

        var retired = RETIRED_INVITATION_TOKENS.as("retired");
        var withdrawal = RETIRED_INVITATION_TOKENS.as("withdrawal");
        Record2<String, Boolean> retirement = db.select(retired.REASON, DSL.field(DSL.exists(
                        DSL.selectOne().from(withdrawal)
                                .where(withdrawal.INVITATION_ID.eq(retired.INVITATION_ID))
                                .and(withdrawal.REASON.eq(WITHDRAWN)))))
                .from(retired)
                .where(retired.TOKEN_HASH.eq(tokenHash))
                .fetchOne();
        if (retirement == null) {
            return TokenState.UNKNOWN;
        }
        // An old link of an invitation that was later withdrawn reports the withdrawal.
        return retirement.value2() ? TokenState.WITHDRAWN : TokenState.REPLACED;
    }

    private Optional<OpenInvitation> lockOpen(DSLContext transaction, Condition match) {
        return transaction.select(INVITATION_TOKENS.INVITATION_ID,
                        INVITATION_TOKENS.TOKEN_HASH, INVITATION_TOKENS.DELEGATE_EMAIL)
                .from(INVITATION_TOKENS)
                .where(match)
                .and(INVITATION_TOKENS.ACCEPTED.isFalse())
                .orderBy(INVITATION_TOKENS.CREATED_AT.desc())
                .forUpdate()
                .fetch(row -> new OpenInvitation(row.value1(), row.value2(), row.value3()))
                .stream()
                .filter(invitation -> !isWithdrawn(transaction, invitation.invitationId()))
                .findFirst();
    }

    /**
     * Returns whether an invitation was withdrawn. It runs as its own statement after the row
     * lock is held, so it reads a withdrawal that committed while this transaction waited.
     */
    private static boolean isWithdrawn(DSLContext transaction, UUID invitationId) {
        return transaction.fetchExists(RETIRED_INVITATION_TOKENS,
                RETIRED_INVITATION_TOKENS.INVITATION_ID.eq(invitationId)
                        .and(RETIRED_INVITATION_TOKENS.REASON.eq(WITHDRAWN)));
    }
}
