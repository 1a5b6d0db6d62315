package org.billing.iam.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.util.List;
import org.billing.iam.core.limit.RateLimiter;
import org.billing.iam.server.http.ClientMetadata;
import org.billing.iam.server.http.RouteModule;

/**
 * Per-IP budgets of the routes that a caller uses before signing in. Each group of routes
 * shares one budget per client address, counted in a before-handler, so the request is
 * rejected with HTTP 429 and {@code Retry-After} before its handler hashes a password or sends
 * an email. Only POST requests count, the one method these routes accept.
 *
 * <p>The client address is the one {@link ClientMetadata} resolved, so behind a reverse proxy
 * listed in {@code IAM_TRUSTED_PROXIES} each client has its own budget, and behind an unlisted
 * one every client shares the proxy's.
 */
public final class AnonymousRateLimits implements RouteModule {

    /** Paths of the sign-in steps, under {@link ApiRoutes#PREFIX}. */
    static final List<String> SIGN_IN_PATHS = List.of(
            "/auth/login", "/auth/login/mfa", "/auth/login/recovery", "/auth/mfa/setup", "/auth/mfa/confirm");
    /** Paths of account creation, including a delegate's acceptance of an invitation. */
    static final List<String> REGISTRATION_PATHS = List.of("/auth/register", "/auth/verify-email", "/delegates/accept");
    /** Paths of password reset. */
    static final List<String> PASSWORD_RESET_PATHS = List.of(
            PasswordResetRoutes.REQUEST_PATH, PasswordResetRoutes.RESET_PATH);

    private final RateLimiter rateLimiter;
    private final RateLimitSettings settings;

    public AnonymousRateLimits(RateLimiter rateLimiter, RateLimitSettings settings) {
        this.rateLimiter = rateLimiter;
        this.settings = settings;
    }

    @Override
    public void register(RoutesConfig routes) {
        limit(routes, SIGN_IN_PATHS, "sign_in", settings.signInPerMinute(), RateLimitSettings.MINUTE);
        limit(routes, REGISTRATION_PATHS, "registration", settings.registrationPerHour(), RateLimitSettings.HOUR);
        limit(routes, PASSWORD_RESET_PATHS, "password_reset", settings.passwordResetPerHour(), RateLimitSettings.HOUR);
    }

    private void limit(RoutesConfig routes, List<String> paths, String group, int limit, Duration window) {
        for (String path : paths) {
            routes.before(ApiRoutes.PREFIX + path, ctx -> check(ctx, group, limit, window));
        }
    }

    private void check(Context ctx, String group, int limit, Duration window) {
        if (HandlerType.POST.equals(ctx.method())) {
            rateLimiter.check("ip:" + group + ":" + ClientMetadata.of(ctx).ipAddress(), limit, window);
        }
    }
}
