package org.billing.iam.server.http;

import io.javalin.http.Context;

/** Response headers that every response carries, set before any handler runs. */
final class SecurityHeaders {

    /**
     * Content Security Policy for the HTML pages: scripts, styles and fetches only from this
     * origin, no plugins, no framing, no form posts elsewhere, and images only from here or
     * {@code data:} URIs (the QR code).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    static void apply(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        // Responses carry personal data or single-use links, so no cache may keep them.
        ctx.header("Cache-Control", "no-store");
    }
}
