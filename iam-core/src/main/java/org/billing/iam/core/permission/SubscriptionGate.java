package org.billing.iam.core.permission;

import java.util.Objects;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.error.ForbiddenException;

/**
 * Subscription gating. TRIAL and ACTIVE give full access. PAST_DUE gives read-only access to
 * data. SUSPENDED and CANCELLED allow only account management and data export. Account
 * management and data export stay open at every level, because a PAST_DUE owner must still
 * be able to pay and take their data, as a SUSPENDED one can.
 *
 * <p>Administrators are operators without a subscription and are never gated. For a delegate,
 * pass the access level of the physician it acts for.
 */
public final class SubscriptionGate {

    /** Error message for a change while the subscription is past due. */
    public static final String READ_ONLY =
            "The subscription is past due, so data is read-only until it is paid.";
    /** Error message for data access while the subscription is suspended or cancelled. */
    public static final String ACCOUNT_ONLY =
            "The subscription is suspended or cancelled. Only account management and data export are available.";

    private SubscriptionGate() {
    }

    /** Checks a request of the caller in {@code context}. */
    public static void require(AuthContext context, RequestKind kind) {
        require(context.role(), context.accessLevel(), kind);
    }

    /**
     * Checks a request.
     *
     * @throws ForbiddenException {@link #READ_ONLY} or {@link #ACCOUNT_ONLY} when the access
     *     level does not allow this kind of request
     */
    public static void require(Role role, AccessLevel level, RequestKind kind) {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(kind, "kind");
        if (!allows(role, level, kind)) {
            throw new ForbiddenException(level == AccessLevel.READ_ONLY ? READ_ONLY : ACCOUNT_ONLY);
        }
    }

    /** Returns whether the access level allows this kind of request for the role. */
    public static boolean allows(Role role, AccessLevel level, RequestKind kind) {
        if (role == Role.ADMIN || kind == RequestKind.ACCOUNT_MANAGEMENT || kind == RequestKind.DATA_EXPORT) {
            return true;
        }
        return switch (level) {
            case FULL -> true;
            case READ_ONLY -> kind == RequestKind.READ;
            case ACCOUNT_ONLY -> false;
        };
    }
}
