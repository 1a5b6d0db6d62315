package org.billing.iam.server.http;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request with method, path, status and duration, and nothing else:
 * query strings carry tokens from email links and headers carry the session cookie.
 */
public final class RequestLog {

    private static final Logger log = LoggerFactory.getLogger("org.billing.iam.server.http.access");

    /** Longest path logged; longer paths are cut, so a crafted URL cannot flood the log. */
    private static final int MAX_PATH_LENGTH = 200;

    /** Path of the auth context lookup, the hot path of the API. */
    private static final String CONTEXT_PATH = "/api/v1/auth/context";

    private RequestLog() {
    }

    static void log(Context ctx, Float durationMillis) {
        log(ctx.req().getMethod(), ctx.path(), ctx.statusCode(), durationMillis);
    }

    /**
     * Logs a request that a Jetty core handler served without Javalin, in the same format.
     * {@code rawPath} is the path as received, before percent-decoding.
     */
    public static void log(String method, String rawPath, int status, float durationMillis) {
        String path = printable(rawPath);
        // Health probes arrive every few seconds, and other services ask for the auth context
        // on every request they serve, so successful ones of both log only at DEBUG.
        if (path.startsWith("/health/") || isSuccessfulContextLookup(status, path)) {
            // The level check comes first so the hot path builds no argument array.
            if (log.isDebugEnabled()) {
                log.debug("{} {} {} {}ms", method, path, status, Math.round(durationMillis));
            }
        } else {
            log.info("{} {} {} {}ms", method, path, status, Math.round(durationMillis));
        }
    }

    private static boolean isSuccessfulContextLookup(int status, String path) {
        return status == 200 && path.equals(CONTEXT_PATH);
    }

    /** Returns the path without its query, with control characters replaced and cut to a fixed length. */
    public static String printable(String path) {
        if (isPrintableAsIs(path)) {
            return path;
        }
        String withoutQuery = path.indexOf('?') >= 0 ? path.substring(0, path.indexOf('?')) : path;
        String cut = withoutQuery.length() > MAX_PATH_LENGTH
                ? withoutQuery.substring(0, MAX_PATH_LENGTH) + "..."
                : withoutQuery;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    /** Returns whether {@link #printable} would return {@code path} unchanged. */
    private static boolean isPrintableAsIs(String path) {
        if (path.length() > MAX_PATH_LENGTH) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            // No surrogate, paired or not, forms a control character, so checking chars suffices.
            if (c == '?' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }
}
