package org.billing.iam.server.http;

import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.Optional;
import org.billing.iam.core.crypto.SecureTokens;

/**
 * The {@code session} cookie, the only place the plaintext session token lives on the
 * client. It is HttpOnly, so scripts cannot read it, Secure, so browsers send it only over
 * HTTPS, and SameSite=Lax, so cross-site POSTs do not carry it.
 */
public final class SessionCookie {

    /** Cookie name. */
    public static final String NAME = "session";

    /** Lifetime in seconds, equal to the 24-hour absolute session lifetime. */
    public static final int MAX_AGE_SECONDS = 86_400;

    /** A session token is 32 random bytes in lower-case hex. */

    private SessionCookie() {
    }

    /** Sets the cookie to {@code token}, which must be a 64-character lower-case hex token. */
    public static void set(Context ctx, String token) {
        if (!SecureTokens.isHexToken(token)) {
            throw new IllegalArgumentException("A session token is 64 lower-case hex characters");
        }
        ctx.res().addHeader(Header.SET_COOKIE, header(token, MAX_AGE_SECONDS));
    }

    /** Tells the browser to delete the cookie. */
    public static void clear(Context ctx) {
        ctx.res().addHeader(Header.SET_COOKIE, header("", 0));
    }

    /**
     * Returns the token from the request, or empty when the cookie is missing or is not
     * shaped like a token, so a garbage cookie reads as "no session".
     */
    public static Optional<String> read(Context ctx) {
        String value;
        try {
            value = ctx.cookie(NAME);
        } catch (RuntimeException e) {
            // Cookie header parsing is the container's; a header it cannot parse means no session.
            return Optional.empty();
        }
        return token(value);
    }

    /** Returns {@code cookieValue} when it is shaped like a token, or empty when it is null or not. */
    public static Optional<String> token(String cookieValue) {
        return SecureTokens.isHexToken(cookieValue) ? Optional.of(cookieValue) : Optional.empty();
    }

    private static String header(String value, int maxAge) {
        return NAME + "=" + value + "; Max-Age=" + maxAge + "; Path=/; Secure; HttpOnly; SameSite=Lax";
    }
}
