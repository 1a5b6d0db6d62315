package org.billing.iam.server.http;

import io.javalin.Javalin;
import java.util.List;
import org.eclipse.jetty.server.Handler;

/**
 * Builds the Javalin app: JSON conventions, error mapping, security headers, client
 * metadata, the JSON content type check of API requests, request log, and then the routes
 * of each {@link RouteModule}, in order.
 */
public final class HttpApp {

    /** Largest request body accepted; larger bodies get HTTP 413. No API body needs more. */
    public static final long MAX_BODY_BYTES = 64 * 1024;

    /**
     * Largest request head (request line plus headers) accepted. Jetty's default of 8 KiB
     * would reject a 10 KB User-Agent with a non-JSON 431 before any handler runs.
     */
    static final int MAX_REQUEST_HEADER_BYTES = 32 * 1024;

    /**
     * Size of the buffer through which Javalin copies a result stream to the response. Javalin
     * allocates it on every request, and its default is Jetty's 32 KiB output buffer size.
     * Jetty 12.1 aggregates writes of up to 8 KiB into one response buffer, and Javalin 7.2
     * compresses only when the first write is at least 1,500 bytes. So a result body of up to
     * 8 KiB, which covers every body the routes set, goes out exactly as with the default.
     */
    static final int RESULT_COPY_BUFFER_BYTES = 8 * 1024;

    private HttpApp() {
    }

    /** Creates the app without starting it; call {@code start(host, port)} on the result. */
    public static Javalin create(TrustedProxies trustedProxies, List<RouteModule> modules) {
        ClientAddressResolver addresses = new ClientAddressResolver(trustedProxies);
        List<Handler.Wrapper> coreHandlers = modules.stream().flatMap(module -> module.coreHandler().stream()).toList();
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.prefer405over404 = true;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.http.defaultContentType = "application/json";
            config.jsonMapper(JsonMapping.javalinMapper(JsonMapping.objectMapper()));
            config.http.responseBufferSize = RESULT_COPY_BUFFER_BYTES;
            config.jetty.modifyServer(server -> {
                server.setErrorHandler(new JettyErrorHandler());
                // Replaces the StatisticsHandler that Javalin puts in front of every request. Nothing
                // reads its counters, and in Jetty 12.1 it has no part in graceful shutdown. Javalin
                // attaches its servlet context inside the innermost of the core handlers.
                server.setHandler(chain(coreHandlers));
            });
            config.jetty.modifyServletContextHandler(context -> context.setSessionHandler(new NoServletSessions()));
            config.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
                http.setSendServerVersion(false);
                // Jetty caches header lines per connection and by default matches them ignoring
                // case, so a Cookie header differing from an earlier one only in case would be
                // read as the earlier value.
                http.setHeaderCacheCaseSensitive(true);
            });
            config.requestLogger.http(RequestLog::log);
            config.router.javaLangErrorHandler(ErrorMapping::handleError);
            // Javalin ignores a trailing slash by default, so DELETE /api/v1/sessions/ with an
            // empty id would end every other session. Each path matches only as written.
            config.router.ignoreTrailingSlashes = false;

            config.routes.before(ctx -> {
                SecurityHeaders.apply(ctx);
                ClientMetadata.resolve(ctx, addresses);
            });
            config.routes.before("/api/*", JsonContentType::require);
            ErrorMapping.register(config.routes);
            for (RouteModule module : modules) {
                module.register(config.routes);
            }
        });
    }

    /** Nests the handlers in list order and returns the outermost, or null for an empty list. */
    private static Handler.Wrapper chain(List<Handler.Wrapper> handlers) {
        for (int i = 0; i + 1 < handlers.size(); i++) {
            handlers.get(i).setHandler(handlers.get(i + 1));
        }
        return handlers.isEmpty() ? null : handlers.get(0);
    }
}
