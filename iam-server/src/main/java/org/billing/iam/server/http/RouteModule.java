package org.billing.iam.server.http;

import io.javalin.config.RoutesConfig;

/**
 * A feature's HTTP routes. {@link HttpApp} calls {@link #register} once while it builds the
 * app, for example {@code routes -> routes.post("/api/v1/auth/login", this::login)}.
 */
@FunctionalInterface
public interface RouteModule {

    /** Adds this feature's handlers to the app being built. */
    void register(RoutesConfig routes);
}
