package org.billing.iam.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Optional;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.context.AuthContextResolver;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.server.http.SessionCookie;

/**
 * The authentication step of every route that needs a signed-in caller. It reads the
 * {@code session} cookie, resolves the caller's {@link AuthContext} with one database read
 * and stores it on the request, so later calls in the same request reuse it.
 *
 * <p>A missing cookie, a value that is not shaped like a token, and an unknown, revoked or
 * expired session all raise the same {@link UnauthorizedException} (HTTP 401) before the
 * route's handler runs.
 */
public final class Authenticator {

    private static final String ATTRIBUTE = AuthContext.class.getName();

    private final AuthContextResolver resolver;

    public Authenticator(AuthContextResolver resolver) {
        this.resolver = resolver;
    }

    /** A handler that runs only for a signed-in caller. */
    @FunctionalInterface
    public interface AuthenticatedHandler {

        /** Handles the request of {@code caller}, whose session was valid when the request arrived. */
        void handle(Context ctx, AuthContext caller) throws Exception;
    }

    /** Wraps {@code handler} so that it runs only after the authentication step succeeds. */
    public Handler require(AuthenticatedHandler handler) {
        return ctx -> handler.handle(ctx, authenticate(ctx));
    }

    /**
     * Returns the caller's context, resolving it on the first call of a request.
     *
     * @throws UnauthorizedException when the request has no valid session
     */
    public AuthContext authenticate(Context ctx) {
        AuthContext resolved = ctx.attribute(ATTRIBUTE);
        if (resolved != null) {
            return resolved;
        }
        String token = SessionCookie.read(ctx).orElseThrow(Authenticator::signInRequired);
        AuthContext caller = resolver.find(token).orElseThrow(Authenticator::signInRequired);
        ctx.attribute(ATTRIBUTE, caller);
        return caller;
    }

    /** Returns the context that the authentication step stored on this request, if it ran and succeeded. */
    public static Optional<AuthContext> current(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    private static UnauthorizedException signInRequired() {
        return new UnauthorizedException(AuthContextResolver.SIGN_IN_REQUIRED);
    }
}
