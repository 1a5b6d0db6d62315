package org.billing.iam.server.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.delegate.PhysicianScope;
import org.billing.iam.core.error.ValidationException;
import org.billing.iam.core.permission.Permission;
import org.billing.iam.server.http.JsonInput;

/** Input shared by the delegate routes: the managed physician and a permission set. */
final class DelegateRequests {

    /** Query parameter with which an administrator names the physician whose delegates it manages. */
    static final String PHYSICIAN_PARAMETER = "physician_user_id";

    /** Maximum number of items in a {@code permissions} array, one per existing key. */
    static final int MAX_PERMISSION_KEYS = Permission.values().length;

    /** Maximum key length. The longest real key has 22 characters, and the error message repeats unknown keys. */
    static final int MAX_PERMISSION_KEY_LENGTH = 64;

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private DelegateRequests() {
    }

    /**
     * Returns the physician scope of a management request. A physician manages its own
     * delegates and may omit {@value #PHYSICIAN_PARAMETER}, but an administrator must pass it.
     *
     * @throws ValidationException when the parameter is repeated or not a UUID
     * @throws org.billing.iam.core.error.ForbiddenException for a caller that may not manage
     *     delegates, or a physician naming another physician
     */
    static PhysicianScope scope(Context ctx, AuthContext caller) {
        return PhysicianScope.of(caller, optionalUuidQuery(ctx, PHYSICIAN_PARAMETER));
    }

    /** Returns the required {@code permissions} array of a request body. */
    static List<String> permissions(JsonInput input) {
        return input.requiredStringArray("permissions", MAX_PERMISSION_KEYS, MAX_PERMISSION_KEY_LENGTH);
    }

    /** Returns {@code can_approve_batches}, or null when absent so that it follows {@code BATCH_APPROVE}. */
    static Boolean canApproveBatches(JsonInput input) {
        return input.optionalBoolean("can_approve_batches").orElse(null);
    }

    /** Returns the required UUID field of a request body. */
    static UUID requiredUuid(JsonInput input, String field) {
        // The length limit only bounds the work, and the pattern decides what is valid.
        return parseUuid(field, input.requiredString(field, 64));
    }

    private static UUID optionalUuidQuery(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new ValidationException(name, name + " must be given at most once.");
        }
        return parseUuid(name, values.getFirst());
    }

    private static UUID parseUuid(String name, String text) {
        // UUID.fromString alone also accepts shortened groups such as 1-2-3-4-5.
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new ValidationException(name, name + " must be a UUID.");
        }
        return UUID.fromString(text);
    }
}
