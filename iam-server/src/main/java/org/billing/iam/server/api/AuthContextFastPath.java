package org.billing.iam.server.api;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.billing.iam.core.context.AuthContext;
import org.billing.iam.server.http.LivenessFastPath;
import org.billing.iam.server.http.RequestLog;
import org.billing.iam.server.http.SessionCookie;
import org.eclipse.jetty.http.CookieCompliance;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.CookieCache;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a successful {@code GET} or {@code HEAD /api/v1/auth/context} on Jetty's core API, in
 * front of Javalin's servlet, because other services call that route on every request they
 * serve. The servlet layer and Javalin's pipeline cost more CPU than the route's own work.
 *
 * <p>It takes only requests with neither a body nor a {@code Content-Type}, so the JSON
 * content type check of API requests has nothing to reject. It reads the cookie, resolves the
 * session and writes the body with the code of the Javalin route, and sends the same status,
 * headers and body. When authentication fails, the request goes on to Javalin with the
 * exception stored, and the route raises it without a second lookup. So every error
 * response, log line and rate limit stays the Javalin route's own. Every other request goes
 * to Javalin untouched.
 *
 * <p>The handler declares itself non-blocking. When every handler around it does too, Jetty
 * 12.1's {@code HttpConnection} reads and handles requests on the selector thread, without
 * handing each request to a pool thread. The handler starts the session lookup and returns,
 * and the thread that completes the lookup writes the 200 response. Javalin and the database
 * writes of a validation can block, so they run on Jetty's thread pool.
 */
final class AuthContextFastPath extends Handler.Wrapper {

    /** Path served, compared with the request path before percent-decoding. */
    static final String PATH = ApiRoutes.PREFIX + "/auth/context";

    private static final Logger LOG = LoggerFactory.getLogger(AuthContextFastPath.class);

    private final Authenticator authenticator;

    AuthContextFastPath(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Executor threadPool = request.getComponents().getExecutor();
        if (!isServedHere(request)) {
            threadPool.execute(() -> handleByJavalin(request, response, callback));
            return true;
        }
        long startNanos = System.nanoTime();

        authenticator.authenticateAsync(sessionToken(request), threadPool).whenComplete((caller, failure) -> {
            if (failure == null) {
                try {
                    respond(request, response, callback, caller, startNanos);
                } catch (RuntimeException | Error e) {
                    // The future would swallow the exception and leave the request open.
                    LOG.warn("Failed to write the auth context response", e);
                    Response.writeError(request, response, callback, e);
                }
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            request.setAttribute(Authenticator.FAILURE_ATTRIBUTE, cause);
            threadPool.execute(() -> handleByJavalin(request, response, callback));
        });
        return true;
    }

    /**
     * Passes the request to Javalin; callers run this on a pool thread. A request that no
     * handler takes gets a 404, and one whose handler throws gets the error handler's response.
     */
    private void handleByJavalin(Request request, Response response, Callback callback) {
        try {
            if (!super.handle(request, response, callback)) {
                Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            }
        } catch (Throwable failure) {
            LOG.warn("Request {} {} failed outside Javalin's error handling", request.getMethod(),
                    RequestLog.printable(request.getHttpURI().getPath()), failure);
            Response.writeError(request, response, callback, failure);
        }
    }

    private static void respond(Request request, Response response, Callback callback, AuthContext caller,
            long startNanos) {
        byte[] body = AuthContextJson.write(caller).getBytes(StandardCharsets.UTF_8);
        LivenessFastPath.writeJsonOk(request, response, callback, body, startNanos);
    }

    /** Returns whether the request is a GET or HEAD of {@link #PATH} without a body or content type. */
    private static boolean isServedHere(Request request) {
        return LivenessFastPath.isBodilessGetOrHead(request, PATH);
    }

    /**
     * Returns the session token as {@link SessionCookie#read} does: the first {@code session}
     * cookie of the servlet API's cookie list, and empty when the Cookie header fails to parse.
     */
    private static Optional<String> sessionToken(Request request) {
        Cookie[] cookies;
        try {
            cookies = CookieCache.getApiCookies(request, Cookie.class, cookie -> toServletCookie(request, cookie));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (SessionCookie.NAME.equals(cookie.getName())) {
                return SessionCookie.token(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * Converts a cookie the way Jetty 12.1's ee10 servlet request does, so the servlet API
     * gets the same cookies when Javalin later reads them from the connection's cookie cache.
     * The servlet constructor also rejects the same invalid names.
     */
    private static Cookie toServletCookie(Request request, HttpCookie cookie) {
        Cookie converted = new Cookie(cookie.getName(), cookie.getValue());
        CookieCompliance compliance =
                request.getConnectionMetaData().getHttpConfiguration().getRequestCookieCompliance();
        // RFC 2965 allows a path and domain in the Cookie header, RFC 6265 only name=value.
        if (CookieCompliance.RFC2965.equals(compliance)) {
            converted.setPath(cookie.getPath());
            converted.setDomain(cookie.getDomain());
        }
        return converted;
    }
}
