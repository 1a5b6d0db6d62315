package org.billing.iam.server.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.Locale;
import org.billing.iam.core.error.ValidationException;

/**
 * Rejects an API request that carries a body or a {@code Content-Type} other than
 * {@code application/json} with HTTP 400 naming {@code Content-Type}.
 *
 * <p>This is a defence against cross-site request forgery beside the SameSite=Lax cookie.
 * An HTML form can only send {@code application/x-www-form-urlencoded},
 * {@code multipart/form-data} or {@code text/plain}, and a script on another origin can send
 * {@code application/json} only after a CORS preflight, which this server never approves.
 */
final class JsonContentType {

    /** Field name reported in the error detail. */
    static final String FIELD = "Content-Type";

    private static final String JSON = "application/json";

    private JsonContentType() {
    }

    /** Raises a {@link ValidationException} unless the request is JSON or has neither body nor content type. */
    static void require(Context ctx) {
        String contentType = ctx.header(Header.CONTENT_TYPE);
        if (contentType == null && !hasBody(ctx)) {
            return;
        }
        if (contentType == null || !isJson(contentType)) {
            throw new ValidationException(FIELD, "Content-Type must be application/json.");
        }
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header(Header.TRANSFER_ENCODING) != null;
    }

    /** Returns whether the media type, ignoring parameters such as charset, is application/json. */
    static boolean isJson(String contentType) {
        int parameters = contentType.indexOf(';');
        String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return mediaType.strip().toLowerCase(Locale.ROOT).equals(JSON);
    }
}
