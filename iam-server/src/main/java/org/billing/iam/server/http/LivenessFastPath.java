package org.billing.iam.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves {@code GET} and {@code HEAD /health/live} on Jetty's selector thread, in front of
 * every other handler, with the response of the Javalin route. A liveness probe then gets
 * its response even while every pool thread waits for a stalled database. Every other request
 * goes on to the wrapped handler on the same thread.
 */
public final class LivenessFastPath extends Handler.Wrapper {

    /** Path served. */
    static final String PATH = "/health/live";

    private static final HttpField JSON_CONTENT_TYPE =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
    private static final byte[] BODY = "{\"data\":{\"status\":\"live\"}}".getBytes(StandardCharsets.UTF_8);

    LivenessFastPath() {
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!isBodilessGetOrHead(request, PATH)) {
            return super.handle(request, response, callback);
        }
        writeJsonOk(request, response, callback, BODY, System.nanoTime());
        return true;
    }

    /**
     * Sends HTTP 200 with a JSON body and the headers every response of the API carries, and
     * logs the request as Javalin's request log does. Jetty adds Content-Length, and for HEAD
     * it sends the headers without the body.
     */
    public static void writeJsonOk(Request request, Response response, Callback callback, byte[] body,
            long startNanos) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(JSON_CONTENT_TYPE);
        SecurityHeaders.apply(headers);
        response.setStatus(HttpStatus.OK_200);
        RequestLog.log(request.getMethod(), request.getHttpURI().getPath(), HttpStatus.OK_200,
                (System.nanoTime() - startNanos) / 1_000_000f);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /**
     * Returns whether the request is a GET or HEAD of exactly {@code path}, before
     * percent-decoding, with no body and no content type, so no body or content check applies.
     */
    public static boolean isBodilessGetOrHead(Request request, String path) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        if (!path.equals(request.getHttpURI().getPath())) {
            return false;
        }
        HttpFields headers = request.getHeaders();
        return !headers.contains(HttpHeader.CONTENT_TYPE)
                && !headers.contains(HttpHeader.CONTENT_LENGTH)
                && !headers.contains(HttpHeader.TRANSFER_ENCODING);
    }
}
