package org.billing.iam.server.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Collections;

/** Writes success bodies in the API's envelope, {@code {"data": ...}}. */
public final class ApiResponses {

    private ApiResponses() {
    }

    /** Responds 200 with {@code {"data": data}}; records and maps serialize with snake_case names. */
    public static void ok(Context ctx, Object data) {
        ctx.status(HttpStatus.OK).json(Collections.singletonMap("data", data));
    }

    /** Responds 201 with {@code {"data": data}}. */
    public static void created(Context ctx, Object data) {
        ctx.status(HttpStatus.CREATED).json(Collections.singletonMap("data", data));
    }

    /** Responds 204 with no body. */
    public static void noContent(Context ctx) {
        ctx.status(HttpStatus.NO_CONTENT).result("");
    }
}
