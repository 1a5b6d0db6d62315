package org.billing.iam.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpResponseException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.billing.iam.core.error.BusinessRuleException;
import org.billing.iam.core.error.ForbiddenException;
import org.billing.iam.core.error.IamException;
import org.billing.iam.core.error.TooManyRequestsException;
import org.billing.iam.core.error.UnauthorizedException;
import org.billing.iam.core.error.ValidationException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception a handler throws into a JSON error body with a fixed status:
 * {@link IamException} subclasses by type, Javalin's own 404, 405 and 413 responses, a
 * request body cut short as 400, an unreachable database as 503, and anything else as a
 * bare 500 logged at WARN.
 */
final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    /** Maximum depth of the cause chain searched for a connection failure. */
    private static final int MAX_CAUSE_DEPTH = 16;

    /** SQLState of a statement that PostgreSQL cancelled, here because its timeout passed. */
    private static final String QUERY_CANCELED = "57014";

    private ErrorMapping() {
    }

    static void register(RoutesConfig routes) {
        routes.exception(IamException.class, ErrorMapping::handleIamException);
        routes.exception(HttpResponseException.class, ErrorMapping::handleHttpResponse);
        routes.exception(EofException.class, ErrorMapping::handleEarlyEof);
        routes.exception(Exception.class, ErrorMapping::handleUnexpected);
    }

    private static void handleIamException(IamException e, Context ctx) {
        int status = switch (e) {
            case ValidationException validation -> 400;
            case UnauthorizedException unauthorized -> 401;
            case ForbiddenException forbidden -> 403;
            case BusinessRuleException businessRule -> 422;
            case TooManyRequestsException tooMany -> 429;
            default -> 500;
        };
        if (status == 500) {
            handleUnexpected(e, ctx);
            return;
        }
        Object detail = null;
        if (e instanceof ValidationException validation && validation.field() != null) {
            detail = Map.of("field", validation.field());
        }
        if (e instanceof TooManyRequestsException tooMany) {
            ctx.header(Header.RETRY_AFTER, Long.toString(retryAfterSeconds(tooMany)));
        }
        new ErrorBody(e.code(), e.getMessage(), detail).write(ctx, status);
    }

    private static void handleHttpResponse(HttpResponseException e, Context ctx) {
        bodyForStatus(e.getStatus(), ctx.req().getMethod()).write(ctx, e.getStatus());
    }

    /**
     * Returns the error body for a status that the framework or the container sets itself.
     * The messages are fixed text; {@code method} is null when it is unknown.
     */
    static ErrorBody bodyForStatus(int status, String method) {
        return switch (status) {
            case 400 -> new ErrorBody("VALIDATION_ERROR", "The request is malformed.", null);
            case 404 -> new ErrorBody("NOT_FOUND", "No resource exists at this path.", null);
            case 405 -> new ErrorBody("METHOD_NOT_ALLOWED", method == null
                    ? "This path does not accept the request method."
                    : "This path does not accept the " + method + " method.", null);
            case 413 -> new ErrorBody("PAYLOAD_TOO_LARGE", "The request body is too large.", null);
            case 414 -> new ErrorBody("URI_TOO_LONG", "The request URI is too long.", null);
            case 431 -> new ErrorBody("HEADERS_TOO_LARGE", "The request headers are too large.", null);
            default -> new ErrorBody("HTTP_" + status, "The request failed with HTTP status " + status + ".", null);
        };
    }

    /**
     * Responds to a request body that ended before its declared length because the client
     * closed the connection. That is the client's fault, so it is logged at DEBUG without a
     * stack trace, and clients cannot fill the log with warnings.
     */
    private static void handleEarlyEof(EofException e, Context ctx) {
        log.debug("Request body ended early during {} {}: {}", ctx.req().getMethod(),
                RequestLog.printable(ctx.path()), e.toString());
        new ErrorBody("VALIDATION_ERROR", "The request body ended before its declared length.",
                Map.of("field", "body")).write(ctx, 400);
    }

    private static void handleUnexpected(Exception e, Context ctx) {
        if (isDatabaseUnavailable(e)) {
            log.warn("Database unavailable during {} {}: {}", ctx.req().getMethod(), RequestLog.printable(ctx.path()), e.toString());
            new ErrorBody("SERVICE_UNAVAILABLE", "The service is temporarily unavailable. Try again later.", null)
                    .write(ctx, 503);
            return;
        }
        log.warn("Unhandled exception during {} {}", ctx.req().getMethod(), RequestLog.printable(ctx.path()), e);
        new ErrorBody("INTERNAL_ERROR", "An internal error occurred.", null).write(ctx, 500);
    }

    /**
     * Responds to an {@link Error} thrown by a handler, such as a StackOverflowError, with the same
     * bare 500 body. Javalin calls this outside the exception mapping, with only the servlet response.
     */
    static void handleError(HttpServletResponse response, Error error) {
        log.error("Unhandled error while serving a request", error);
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(500);
        response.setContentType("application/json");
        try {
            response.getWriter().write("{\"error\":{\"code\":\"INTERNAL_ERROR\",\"message\":\"An internal error occurred.\"}}");
        } catch (IOException e) {
            log.warn("Failed to write the error response: {}", e.toString());
        }
    }

    /**
     * Returns whether the cause chain contains a failure to reach the database: a pool
     * timeout, a broken connection, a SQLState of class 08 (connection exception), or a
     * statement cancelled when its timeout passed (57014).
     * jOOQ's DataAccessException and Hikari both keep the driver's exception as a cause.
     */
    static boolean isDatabaseUnavailable(Throwable error) {
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_CAUSE_DEPTH; depth++) {
            if (current instanceof SQLTransientConnectionException
                    || current instanceof SQLNonTransientConnectionException
                    || current instanceof java.net.ConnectException) {
                return true;
            }
            if (current instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().equals(QUERY_CANCELED))) {
                return true;
            }
            current = current.getCause();
        }
        return false;
    }

    private static long retryAfterSeconds(TooManyRequestsException e) {
        // Retry-After takes whole seconds (RFC 9110 section 10.2.3), rounded up so clients never retry early.
        long millis = e.retryAfter() == null ? 1000 : Math.max(0, e.retryAfter().toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }
}
