package org.billing.iam.server.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.billing.iam.core.error.ValidationException;

/** Typed access to path parameters, rejecting malformed values with HTTP 400. */
public final class PathParameters {

    /** The canonical 8-4-4-4-12 hex form; {@link UUID#fromString} alone also accepts shortened groups. */
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private PathParameters() {
    }

    /** Returns the named path parameter as a UUID, or raises a 400 naming the parameter. */
    public static UUID uuid(Context ctx, String name) {
        String text = ctx.pathParam(name);
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new ValidationException(name, name + " must be a UUID.");
        }
        return UUID.fromString(text);
    }
}
