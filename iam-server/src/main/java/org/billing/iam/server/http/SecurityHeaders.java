package org.billing.iam.server.http;

import io.javalin.http.Context;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.PreEncodedHttpField;

/** Response headers that every response carries, set before any handler runs. */
public final class SecurityHeaders {

    /**
     * Content Security Policy for the HTML pages: scripts, styles and fetches only from this
     * origin, no plugins, no framing, no form posts elsewhere, and images only from here or
     * {@code data:} URIs (the QR code).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    /** The headers in the order they are sent, encoded once for Jetty's core API. */
    private static final List<HttpField> HEADERS = List.of(
            new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
            new PreEncodedHttpField("Referrer-Policy", "no-referrer"),
            new PreEncodedHttpField("X-Frame-Options", "DENY"),
            new PreEncodedHttpField("Content-Security-Policy", CONTENT_SECURITY_POLICY),
            // Responses carry personal data or single-use links, so no cache may keep them.
            new PreEncodedHttpField("Cache-Control", "no-store"));

    private SecurityHeaders() {
    }

    static void apply(Context ctx) {
        for (HttpField header : HEADERS) {
            ctx.header(header.getName(), header.getValue());
        }
    }

    /** Sets the headers on a response that a Jetty core handler writes without Javalin. */
    public static void apply(HttpFields.Mutable headers) {
        for (HttpField header : HEADERS) {
            headers.put(header);
        }
    }
}
