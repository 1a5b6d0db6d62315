package org.billing.iam.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.Optional;

/**
 * A feature's HTTP routes. {@link HttpApp} calls {@link #register} once while it builds the
 * app, for example {@code routes -> routes.post("/api/v1/auth/login", this::login)}.
 */
@FunctionalInterface
public interface RouteModule {

    /** Adds this feature's handlers to the app being built. */
    void register(RoutesConfig routes);

    /**
     * Returns a Jetty core handler that {@link HttpApp} places in front of Javalin's servlet,
     * or empty. The handler must pass every request that it does not respond to on to its
     * wrapped handler, and must send only the responses that the module's Javalin routes send.
     */
    default Optional<org.eclipse.jetty.server.Handler.Wrapper> coreHandler() {
        return Optional.empty();
    }

    /**
     * Adds {@code handler} for GET and for HEAD on {@code path}. Every GET route is added this
     * way: for a HEAD request on a path with only a GET route, Javalin 7 returns 200 without
     * running the GET handler, so authentication, gating and role checks would be skipped.
     * Jetty sends no body in a HEAD response.
     */
    static void getAndHead(RoutesConfig routes, String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
    }
}
