package org.billing.iam.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The API's error envelope, {@code {"error": {"code", "message", "detail"?}}}.
 *
 * @param code machine-readable code such as {@code VALIDATION_ERROR}
 * @param message plain sentence for people; never contains a secret
 * @param detail optional structured detail, such as the offending field; omitted when null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String code, String message, Object detail) {

    /** Writes {@code {"error": this}} with the given status. */
    public void write(Context ctx, int status) {
        ctx.status(status).json(Map.of("error", this));
    }
}
