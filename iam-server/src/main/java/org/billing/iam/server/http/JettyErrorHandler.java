package org.billing.iam.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Writes the JSON error envelope for requests that Jetty rejects before they reach Javalin,
 * such as a malformed URI (400) or headers above the size limit (431), in place of Jetty's
 * HTML page. The body contains only fixed text, never anything from the request.
 */
final class JettyErrorHandler extends ErrorHandler {

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "application/json");
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY);
        response.write(true, ByteBuffer.wrap(json(code)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(json(status));
    }

    private static byte[] json(int status) {
        ErrorBody body = ErrorMapping.bodyForStatus(status, null);
        return ("{\"error\":{\"code\":\"" + body.code() + "\",\"message\":\"" + body.message() + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
