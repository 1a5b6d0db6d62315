package org.billing.iam.core.delegate;

import java.util.Objects;
import java.util.UUID;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.context.PermissionCheck;
import org.billing.iam.core.error.ForbiddenException;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.core.permission.Role;

/**
 * The physician whose delegates a request manages, and the caller making it: the physician
 * itself, or an administrator acting for a physician.
 *
 * <p>Listing, withdrawing and removing need only the role, so a physician can always cut
 * access whatever the subscription. Granting access (invite, resend, change permissions)
 * also needs a subscription that allows {@code DELEGATE_MANAGE}; see {@link #requireGrantAllowed()}.
 */
public final class PhysicianScope {

    /** Error message for a caller that may not manage delegates. */
    public static final String NOT_ALLOWED = "Only a physician, or an administrator acting for one, manages delegates.";

    private final UUID physicianUserId;
    private final AuthContext caller;

    private PhysicianScope(UUID physicianUserId, AuthContext caller) {
        this.physicianUserId = physicianUserId;
        this.caller = caller;
    }

    /**
     * Returns the scope of a signed-in physician managing its own delegates.
     *
     * @throws ForbiddenException when the caller is not a physician holding {@code DELEGATE_MANAGE}
     */
    public static PhysicianScope of(AuthContext caller) {
        return of(caller, null);
    }

    /**
     * Returns the scope for a physician id. A physician may pass null or its own id; an
     * administrator must name the physician. An administrator's id that is not an active
     * physician is rejected by {@code invite} and matches nothing elsewhere.
     *
     * @throws ForbiddenException for any other role, or a physician naming another physician
     * @throws ValidationException when an administrator names no physician
     */
    public static PhysicianScope of(AuthContext caller, UUID physicianUserId) {
        Objects.requireNonNull(caller, "caller");
        if (caller.role() == Role.PHYSICIAN && caller.has(Permission.DELEGATE_MANAGE)) {
            if (physicianUserId != null && !physicianUserId.equals(caller.userId())) {
                throw new ForbiddenException(NOT_ALLOWED);
            }
            return new PhysicianScope(caller.userId(), caller);
        }
        if (caller.role() == Role.ADMIN) {
            if (physicianUserId == null) {
                throw new ValidationException("physician_user_id", "Name the physician whose delegates to manage.");
            }
            return new PhysicianScope(physicianUserId, caller);
        }
        throw new ForbiddenException(NOT_ALLOWED);
    }

    /** Returns the physician whose delegates are managed. */
    public UUID physicianUserId() {
        return physicianUserId;
    }

    /** Returns the user making the request, written to the audit log. */
    public UUID actorUserId() {
        return caller.userId();
    }

    /**
     * Checks that the request may grant access. A physician needs a subscription that allows
     * {@code DELEGATE_MANAGE}; an administrator acting for a physician is not gated.
     *
     * @throws ForbiddenException saying what the subscription allows
     */
    public void requireGrantAllowed() {
        if (caller.role() == Role.PHYSICIAN) {
            PermissionCheck.require(caller, Permission.DELEGATE_MANAGE);
        }
    }

    @Override
    public String toString() {
        return "PhysicianScope[physicianUserId=" + physicianUserId + ", actorUserId=" + caller.userId() + "]";
    }
}
