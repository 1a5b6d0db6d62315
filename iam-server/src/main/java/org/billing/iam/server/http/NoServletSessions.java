package org.billing.iam.server.http;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.session.AbstractSessionManager.RequestedSession;
import org.eclipse.jetty.util.Callback;

/**
 * A servlet session handler that never looks up a requested session. Javalin 7.2 always
 * builds its servlet context with servlet sessions, and Jetty 12.1's ee10 context creates a
 * new session handler when the handler is set to null. The service keeps its sessions in the
 * {@code session} cookie and the database, so the {@code JSESSIONID} lookup and response
 * wrapper of Jetty's handler cost time on every request and had no effect.
 *
 * <p>Each request is marked as having no requested session, which is what Jetty's handler
 * recorded for every request this service gets, because the service never creates one.
 */
final class NoServletSessions extends SessionHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        if (next == null) {
            return false;
        }
        ServletContextRequest servletRequest = Request.as(request, ServletContextRequest.class);
        if (servletRequest != null) {
            servletRequest.setRequestedSession(RequestedSession.NO_REQUESTED_SESSION);
        }
        return next.handle(request, response, callback);
    }
}
