package org.billing.iam.server.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.core.context.AuthContextResolver;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.limit.RateLimiter;
import org.billing.iam.core.permission.RequestKind;
import org.billing.iam.core.permission.SubscriptionGate;
import org.billing.iam.server.http.SessionCookie;

/**
 * The authentication step of every route that needs a signed-in caller. It reads the
 * {@code session} cookie, resolves the caller's {@link AuthContext} with one database read
 * and stores it on the request, so later calls in the same request reuse it.
 *
 * <p>A missing cookie, a value that is not shaped like a token, and an unknown, revoked or
 * expired session all raise the same {@link UnauthorizedException} (HTTP 401) before the
 * route's handler runs.
 *
 * <p>After authentication, {@link #require} counts the request against the caller's per-user
 * budget (HTTP 429 when it is spent) and then applies subscription gating for the route's
 * {@link RequestKind} (HTTP 403), both before the handler runs.
 */
public final class Authenticator {

    private static final String ATTRIBUTE = AuthContext.class.getName();

    /**
     * Request attribute with the exception of an authentication that {@link AuthContextFastPath}
     * ran before handing the request to Javalin, so the route raises it without a second lookup.
     */
    static final String FAILURE_ATTRIBUTE = Authenticator.class.getName() + ".failure";

    private final AuthContextResolver resolver;
    private final RateLimiter rateLimiter;
    private final int userRequestsPerMinute;

    /** Creates the step with a budget of {@code userRequestsPerMinute} requests per user and minute. */
    public Authenticator(AuthContextResolver resolver, RateLimiter rateLimiter, int userRequestsPerMinute) {
        if (userRequestsPerMinute < 1) {
            throw new IllegalArgumentException(
                    "userRequestsPerMinute must be at least 1, got " + userRequestsPerMinute);
        }
        this.resolver = resolver;
        this.rateLimiter = rateLimiter;
        this.userRequestsPerMinute = userRequestsPerMinute;
    }

    /** A handler that runs only for a signed-in caller. */
    @FunctionalInterface
    public interface AuthenticatedHandler {

        /** Handles the request of {@code caller}, whose session was valid when the request arrived. */
        void handle(Context ctx, AuthContext caller) throws Exception;
    }

    /**
     * Wraps {@code handler} like {@link #require(RequestKind, AuthenticatedHandler)}, with the
     * kind taken from the HTTP method: GET and HEAD are {@link RequestKind#READ}, every other
     * method is {@link RequestKind#WRITE}. Routes of account management or data export name
     * their kind instead.
     */
    public Handler require(AuthenticatedHandler handler) {
        return ctx -> handler.handle(ctx, admit(ctx, kindOf(ctx.method())));
    }

    /**
     * Wraps {@code handler} so that it runs only for a signed-in caller who is within the
     * per-user budget and whose subscription allows {@code kind}.
     */
    public Handler require(RequestKind kind, AuthenticatedHandler handler) {
        return ctx -> handler.handle(ctx, admit(ctx, kind));
    }

    /**
     * Wraps {@code handler} with the authentication step alone: no per-user budget and no
     * subscription gating. Only {@code GET /api/v1/auth/context} uses it. Other services call
     * that route on each request a user makes to the platform, so a per-user limit there
     * would block users in the middle of their work, and one more database write would slow
     * the platform's most frequent call. It must respond at every subscription status too,
     * because its body is how those services learn the access level.
     */
    public Handler requireSessionOnly(AuthenticatedHandler handler) {
        return ctx -> handler.handle(ctx, authenticate(ctx));
    }

    /** Authenticates, counts the request against the caller's budget, then applies gating. */
    private AuthContext admit(Context ctx, RequestKind kind) {
        AuthContext caller = authenticate(ctx);
        rateLimiter.check("user:" + caller.userId(), userRequestsPerMinute, RateLimitSettings.MINUTE);
        SubscriptionGate.require(caller, kind);
        return caller;
    }

    static RequestKind kindOf(HandlerType method) {
        boolean read = HandlerType.GET.equals(method) || HandlerType.HEAD.equals(method);
        return read ? RequestKind.READ : RequestKind.WRITE;
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
        Throwable failure = ctx.attribute(FAILURE_ATTRIBUTE);
        if (failure instanceof RuntimeException exception) {
            throw exception;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        AuthContext caller = authenticate(SessionCookie.read(ctx));
        ctx.attribute(ATTRIBUTE, caller);
        return caller;
    }

    /**
     * Returns the context of the session whose token the request's cookie carried.
     *
     * @throws UnauthorizedException when {@code token} is empty or the session is not valid
     */
    AuthContext authenticate(Optional<String> token) {
        String presentToken = token.orElseThrow(Authenticator::signInRequired);
        return resolver.find(presentToken).orElseThrow(Authenticator::signInRequired);
    }

    /** Authenticates like {@link #authenticate(Optional)}, completing the future with its result or exception. */
    CompletableFuture<AuthContext> authenticateAsync(Optional<String> token, Executor blocking) {
        if (token.isEmpty()) {
            return CompletableFuture.failedFuture(signInRequired());
        }
        return resolver.findAsync(token.get(), blocking)
                .thenApply(caller -> caller.orElseThrow(Authenticator::signInRequired));
    }

    /** Returns the context that the authentication step stored on this request, if it ran and succeeded. */
    public static Optional<AuthContext> current(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    private static UnauthorizedException signInRequired() {
        return new UnauthorizedException(AuthContextResolver.SIGN_IN_REQUIRED);
    }
}
